package search

import (
	"encoding/binary"
	"testing"
)

func TestUvarintLenIsTheEncodedLength(t *testing.T) {
	for _, n := range []int{0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 1<<21 - 1, 1 << 21, 1<<28 - 1, 1 << 28, 1<<62 + 5} {
		if got, want := uvarintLen(n), len(binary.AppendUvarint(nil, uint64(n))); got != want {
			t.Errorf("uvarintLen(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestNewBodyIsOneAllocation(t *testing.T) {
	text := "Cooperación transfronteriza entre regiones, regiones y ciudades: una hoja de ruta. " +
		"Cooperación en innovación regional, movilidad urbana y gestión del agua."
	NewBody(text) // the word counts' scratch, pooled
	if n := testing.AllocsPerRun(20, func() { NewBody(text) }); n > 1 {
		t.Errorf("NewBody makes %v allocations, want 1: its block is sized short", n)
	}
}
