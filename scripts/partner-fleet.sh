#!/usr/bin/env bash
# examples/partner-fleet end to end, offline, with 200 merchants (PARTNER_FLEET_MERCHANTS):
#
#   1. build the provider and the sandbox into a temporary directory;
#   2. start the sandbox on a free port and read the demo partner's production keys from
#      GET /_sandbox/partner-keys (the provider reads them as VIPPSMOBILEPAY_* variables);
#   3. copy the module and generate merchants.csv: unique, made-up organisation numbers with
#      valid check digits in Norway, Denmark and Finland (deterministic);
#   4. terraform apply: one product order per merchant;
#   5. play the merchants and Vipps MobilePay: move every order to COMPLETED through the
#      sandbox's admin endpoint, which creates each sales unit and its keys, and write the
#      units' production keys, keyed by MSN, into a tfvars JSON file (the stand-in for the
#      portal and the welcome email);
#   6. terraform apply with those keys: one verified key set per sales unit;
#   7. check what the outputs and the sandbox say, and that terraform plan is empty.
#
# Terraform runs through a temporary dev_overrides CLI config, never `terraform init`.
# Everything lives in a temporary directory that is deleted, and the sandbox stopped, however
# the script ends (PARTNER_FLEET_KEEP=1 keeps the directory for inspection). Phase timings
# are printed at the end. Requires go, terraform, curl and python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly MERCHANTS=${PARTNER_FLEET_MERCHANTS:-200}

repo=$lib_repo
work=""
current_log=""
phases=()

step() { printf '\n==> %s\n' "$*"; }
fail() {
	printf 'partner-fleet: %s\n' "$*" >&2
	exit 1
}

# timed NAME COMMAND...: runs the command and records how long it took. A failing command
# ends the script (set -e); cleanup then records the phase as failed.
phase=""
phase_start=""
timed() {
	phase=$1 phase_start=$EPOCHREALTIME
	shift
	"$@"
	record_phase ""
}

record_phase() {
	phases+=("$(awk -v s="$phase_start" -v e="$EPOCHREALTIME" -v n="$phase$1" 'BEGIN { printf "%-44s %6.1fs", n, e - s }')")
	phase=""
}

print_timings() {
	((${#phases[@]} > 0)) || return 0
	printf '\nTimings:\n'
	printf '  %s\n' "${phases[@]}"
	awk -v s="$script_start" -v e="$EPOCHREALTIME" 'BEGIN { printf "  %-44s %6.1fs\n", "total", e - s }'
}

# tf LOG ARGS...: runs terraform in the module copy, its output into $work/logs/LOG, and
# returns terraform's exit status. A failing run's log is shown when the script ends.
tf() {
	local log="$work/logs/$1" rc=0
	shift
	current_log=$log
	terraform -chdir="$work/partner-fleet" "$@" -no-color >"$log" 2>&1 || rc=$?
	((rc != 0)) || current_log=""
	return "$rc"
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[[ -z $phase ]] || record_phase " (FAILED)"
	if ((rc != 0)) && [[ -n $current_log && -f $current_log ]]; then
		printf '\n--- last lines of %s ---\n' "${current_log##*/}" >&2
		tail -n 40 "$current_log" >&2 || true
	fi
	if [[ -n $lib_sandbox_pid ]]; then
		step "Stopping the sandbox (pid $lib_sandbox_pid)"
		lib_stop_sandbox
	fi
	if ((rc != 0)) && [[ -n $work && -f $work/sandbox.log ]]; then
		printf '\n--- last lines of the sandbox log ---\n' >&2
		tail -n 15 "$work/sandbox.log" >&2 || true
	fi
	print_timings
	if [[ -n $work && -d $work ]]; then
		if [[ ${PARTNER_FLEET_KEEP:-} == 1 ]]; then
			printf '\nKept %s (PARTNER_FLEET_KEEP=1).\n' "$work"
		else
			rm -rf -- "$work"
		fi
	fi
	if ((rc == 0)); then
		printf '\nPartner fleet: %d merchants onboarded and verified; the plan is empty.\n' "$MERCHANTS"
	else
		printf '\nPartner fleet FAILED (exit status %d).\n' "$rc" >&2
	fi
	exit "$rc"
}
script_start=$EPOCHREALTIME
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in go terraform curl python3; do
	command -v "$tool" >/dev/null || fail "$tool is not on PATH"
done
[[ $MERCHANTS =~ ^[1-9][0-9]*$ ]] && ((MERCHANTS <= 5000)) ||
	fail "PARTNER_FLEET_MERCHANTS must be a number from 1 to 5000, not '$MERCHANTS'"

work=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-partner-fleet.XXXXXX")
mkdir -p "$work/provider" "$work/logs" "$work/partner-fleet"

# Only this script's settings reach Terraform and the provider.
lib_init "$work"
while IFS= read -r name; do
	unset "$name"
done < <(compgen -e | grep -E '^TF_VAR_' || true)
export TF_IN_AUTOMATION=1
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_apply TF_CLI_ARGS_plan

build() { lib_build; }

start_sandbox() {
	lib_start_sandbox
	lib_dev_overrides

	# The demo partner's production keys become the provider's credentials, as a partner
	# would export its own.
	local exports
	exports=$(curl -fsS "$VIPPSMOBILEPAY_BASE_URL/_sandbox/partner-keys" | python3 -c '
import json, shlex, sys
partner = json.load(sys.stdin)[0]
assert partner["environment"] == "production", partner["environment"]
print("partner_name=" + shlex.quote(partner["partner_name"]))
for name, key in (("CLIENT_ID", "client_id"), ("CLIENT_SECRET", "client_secret"),
                  ("SUBSCRIPTION_KEY", "subscription_key_primary")):
    print("export VIPPSMOBILEPAY_%s=%s" % (name, shlex.quote(partner[key])))
') || fail "could not read the partner keys from GET /_sandbox/partner-keys"
	eval "$exports"
	echo "sandbox (pid $lib_sandbox_pid) at $VIPPSMOBILEPAY_BASE_URL; partner keys of $partner_name (production)"
}

# generate_csv N FILE: N merchants with unique organisation numbers that pass their country's
# mod-11 check, about 70% Norwegian, 15% Danish, 15% Finnish, in a fixed pseudo-random mix
# of shops, web shops and cafés.
generate_csv() {
	python3 - "$1" "$2" <<'PY'
import csv, random, sys

count, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20240917)
WEIGHTS = {"NO": [3, 2, 7, 6, 5, 4, 3, 2], "DK": [2, 7, 6, 5, 4, 3, 2], "FI": [7, 9, 10, 5, 8, 4, 2]}
SCHEMES = {"NO": "business:NO:ORG", "DK": "business:DK:CVR", "FI": "business:FI:Y-tunnus"}
# The sandbox's demo merchants, which this fleet leaves alone.
TAKEN = {"914532884", "921347758", "29183740", "3016443-6", "993112577", "933700283", "917751005", "41205806"}

def org_number(country):
    while True:
        first = {"NO": rng.choice("89"), "DK": str(rng.randint(1, 4)), "FI": str(rng.randint(0, 3))}[country]
        body = first + "".join(rng.choice("0123456789") for _ in range(len(WEIGHTS[country]) - 1))
        check = (11 - sum(int(d) * w for d, w in zip(body, WEIGHTS[country])) % 11) % 11
        if check == 10:
            continue
        number = body + ("-" if country == "FI" else "") + str(check)
        if number not in TAKEN:
            TAKEN.add(number)
            return number

PLACES = {
    "NO": ["Fjell", "Fjord", "Havbris", "Nordlys", "Bølge", "Lyng", "Skog", "Vidde", "Kyst", "Elv", "Bre", "Måke", "Furu", "Tind", "Vik"],
    "DK": ["Kanal", "Strand", "Bøge", "Hede", "Klit", "Havne", "Mølle", "Lyng", "Vester", "Øster"],
    "FI": ["Revontuli", "Järvi", "Koivu", "Kuusi", "Lumi", "Saari", "Tähti", "Ranta", "Kallio", "Aalto"],
}
TRADES = {
    "NO": ["Bakeri", "Kaffebar", "Sykkel", "Blomster", "Frisør", "Bokhandel", "Sport", "Interiør", "Fiskehandel", "Yoga"],
    "DK": ["Cykler", "Bageri", "Boghandel", "Kaffe", "Blomster", "Frisør", "Vin", "Design"],
    "FI": ["Kahvila", "Leipomo", "Kirjakauppa", "Kukka", "Pyörä", "Parturi", "Sauna", "Urheilu"],
}
CITIES = {
    "NO": ["Oslo", "Bergen", "Trondheim", "Tromsø", "Stavanger", "Bodø", "Ålesund", "Lillehammer"],
    "DK": ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg"],
    "FI": ["Helsinki", "Tampere", "Turku", "Oulu", "Espoo"],
}
SUFFIX = {"NO": "AS", "DK": "ApS", "FI": "Oy"}
ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", " ": "-"})

columns = ["org_number", "scheme", "name", "product_type", "product_use_case", "sales_unit_name", "website",
           "terms_url", "price_package", "annual_turnover", "merchant_category_code", "settlement_account",
           "has_recurring", "attempt"]
names = set()
with open(path, "w", newline="", encoding="utf-8") as f:
    out = csv.DictWriter(f, columns, lineterminator="\n")
    out.writeheader()
    for i in range(count):
        country = rng.choices(["NO", "DK", "FI"], [70, 15, 15])[0]
        while True:
            place, trade = rng.choice(PLACES[country]), rng.choice(TRADES[country])
            trade_name = f"{trade} {place}" if country == "FI" else f"{place} {trade}"
            city = rng.choice(CITIES[country])
            if (trade_name, city) not in names:
                names.add((trade_name, city))
                break
        row = {c: "" for c in columns}
        row.update(org_number=org_number(country), scheme=SCHEMES[country], name=f"{trade_name} {city} {SUFFIX[country]}",
                   sales_unit_name=f"{trade_name} {city}"[:40], annual_turnover=str(rng.randrange(100_000, 20_000_000, 50_000)),
                   merchant_category_code=rng.choice(["5462", "5814", "5940", "5992", "7230", "5942", "5999"]))
        slug = f"{trade_name}-{city}".lower().translate(ASCII)
        kind = rng.random()
        if country == "NO" and kind < 0.45:
            row.update(product_type="PAYMENT_INTEGRATION", product_use_case="Unknown", price_package="POS standard")
        elif country == "NO":
            row.update(product_type="CHECKOUT", product_use_case="Website", price_package="Nettbutikk partner",
                       website=f"https://{slug}.example", terms_url=f"https://{slug}.example/vilkar",
                       has_recurring=rng.choice(["true", "false"]))
        elif country == "DK":
            row.update(product_type="PAYMENT_INTEGRATION", product_use_case="Website", price_package="Webshop Danmark",
                       website=f"https://{slug}.example", terms_url=f"https://{slug}.example/handelsbetingelser")
        else:
            row.update(product_type="CASHIER", product_use_case="Unknown", price_package="Kassa Suomi")
        if rng.random() < 0.6:
            length = {"NO": 11, "DK": 14, "FI": 14}[country]
            row["settlement_account"] = "".join(rng.choice("0123456789") for _ in range(length))
        out.writerow(row)
PY
}

prepare_module() {
	cp -- "$repo"/examples/partner-fleet/*.tf "$work/partner-fleet/"
	generate_csv "$MERCHANTS" "$work/partner-fleet/merchants.csv"
	echo "$(($(wc -l <"$work/partner-fleet/merchants.csv") - 1)) merchants in $work/partner-fleet/merchants.csv"
}

apply_orders() {
	tf apply-orders.log apply -auto-approve -input=false
	grep -E '^Apply complete' "$work/logs/apply-orders.log"
	tf outputs-1.json output -json
	python3 - "$work/logs/outputs-1.json" "$MERCHANTS" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
orders, want = out["orders"]["value"], int(sys.argv[2])
statuses = {o["status"] for o in orders.values()}
assert len(orders) == want, f"{len(orders)} orders, want {want}"
assert statuses == {"RECEIVED"}, f"statuses {statuses}, want RECEIVED"
assert len(out["prefill_urls"]["value"]) == want, "not every order has a prefill URL"
print(f"{len(orders)} product orders RECEIVED, each with a prefill URL")
PY
}

# complete_orders: every order of the fleet to COMPLETED, as merchant and Vipps MobilePay
# would take it; the production keys of each new sales unit into sales-unit-keys.tfvars.json.
complete_orders() {
	python3 - "$VIPPSMOBILEPAY_BASE_URL" "$work/logs/outputs-1.json" "$work/sales-unit-keys.tfvars.json" <<'PY'
import http.client, json, os, sys, urllib.parse

base, outputs, tfvars = sys.argv[1:4]
orders = json.load(open(outputs))["orders"]["value"]
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
keys = {}
for org, order in sorted(orders.items()):
    conn.request("POST", f"/_sandbox/product-orders/{order['id']}/advance",
                 body=json.dumps({"status": "COMPLETED"}), headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    body = resp.read()
    if resp.status != 200:
        sys.exit(f"advancing the order of {org} ({order['id']}): HTTP {resp.status}: {body[:300]!r}")
    done = json.loads(body)
    msn = done["product_order"]["sales_unit_msn"]
    production = [k for k in done.get("key_sets", []) if k["environment"] == "production"]
    if not msn or len(production) != 1 or production[0]["merchant_serial_number"] != msn:
        sys.exit(f"the completed order of {org} did not return its sales unit's production keys")
    k = production[0]
    keys[msn] = {name: k[name] for name in
                 ("client_id", "client_secret", "subscription_key_primary", "subscription_key_secondary")}
fd = os.open(tfvars, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump({"sales_unit_keys": keys}, f, indent=2)
print(f"{len(keys)} orders COMPLETED; production keys of {len(keys)} new sales units in {os.path.basename(tfvars)}")
PY
}

apply_key_sets() {
	tf apply-key-sets.log apply -auto-approve -input=false -var-file="$work/sales-unit-keys.tfvars.json"
	grep -E '^Apply complete' "$work/logs/apply-key-sets.log"
}

verify() {
	tf outputs-2.json output -json
	curl -fsS "$VIPPSMOBILEPAY_BASE_URL/_sandbox/product-orders" >"$work/logs/sandbox-orders.json"
	curl -fsS "$VIPPSMOBILEPAY_BASE_URL/_sandbox/stats" >"$work/logs/sandbox-stats.json"
	python3 - "$work/logs/outputs-2.json" "$work/logs/sandbox-orders.json" "$MERCHANTS" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
sandbox_orders = json.load(open(sys.argv[2]))
want = int(sys.argv[3])
orders = out["orders"]["value"]
problems = []
if sorted({o["status"] for o in orders.values()}) != ["COMPLETED"]:
    problems.append("not every order is COMPLETED after refresh")
msns = {o["merchant_serial_number"] for o in orders.values()}
if len(msns) != want or None in msns:
    problems.append(f"{len(msns)} distinct sales units, want {want}")
key_sets = out["key_sets"]["value"]
if set(key_sets) != msns:
    problems.append(f"{len(key_sets)} key sets, not one per new sales unit")
if any(not k["verified_at"] or not k["fingerprint"].startswith("sha256:") for k in key_sets.values()):
    problems.append("a key set is not verified")
if out["awaiting_keys"]["value"] or out["prefill_urls"]["value"]:
    problems.append("awaiting_keys or prefill_urls is not empty")
mine = [o for o in sandbox_orders if o.get("idempotency_key", "").startswith("onboard-")]
if len(mine) != want:
    problems.append(f"the sandbox holds {len(mine)} fleet orders, want exactly {want}")
if problems:
    sys.exit("\n".join(problems))
print(f"{want} orders COMPLETED, {len(key_sets)} key sets verified, exactly {len(mine)} orders in the sandbox")
PY
	python3 -c '
import json, sys
stats = json.load(open(sys.argv[1]))
stats = stats.get("requests", stats) if isinstance(stats, dict) else stats
print("API requests the sandbox served so far:")
for route, n in sorted(stats.items()):
    if not route.split(" ", 1)[-1].startswith("/_sandbox"):
        print(f"  {n:6}  {route}")
' "$work/logs/sandbox-stats.json"
}

plan_empty() {
	local rc=0
	tf plan.log plan -detailed-exitcode -input=false -var-file="$work/sales-unit-keys.tfvars.json" || rc=$?
	case $rc in
	0) echo "No changes: state, configuration and sandbox agree." ;;
	2) fail "the plan after the second apply is not empty" ;;
	*) fail "terraform plan failed (exit status $rc)" ;;
	esac
}

step "Building the provider and the sandbox"
timed "build provider and sandbox" build
step "Starting the sandbox"
timed "start sandbox, read partner keys" start_sandbox
step "Generating $MERCHANTS merchants into a copy of examples/partner-fleet"
timed "generate merchants.csv" prepare_module
step "terraform apply: $MERCHANTS product orders"
timed "apply 1: $MERCHANTS product orders" apply_orders
step "Completing every order in the sandbox (what merchants and Vipps MobilePay do)"
timed "complete orders, collect keys (admin API)" complete_orders
step "terraform apply: $MERCHANTS key sets, each verified"
timed "apply 2: refresh orders, $MERCHANTS key sets" apply_key_sets
step "Checking outputs and the sandbox"
timed "check outputs and sandbox" verify
step "terraform plan -detailed-exitcode: nothing may change"
timed "plan (must be empty)" plan_empty
