//go:build race

package sandbox

// raceEnabled slows timing expectations: the race detector makes code several times slower.
const raceEnabled = true
