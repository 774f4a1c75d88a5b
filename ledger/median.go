package ledger

import "slices"

// Median is the middle of values (the mean of the two middle ones for an
// even count); 0 when there are none. values is sorted in place.
func Median(values []float64) float64 {
	slices.Sort(values)
	return MedianOf(len(values), func(k int) float64 { return values[k] })
}

// MedianOf is the median of n sorted values read through at, so a caller
// can leave one value out of a sorted slice without copying it.
func MedianOf(n int, at func(int) float64) float64 {
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return at(n / 2)
	}
	return (at(n/2-1) + at(n/2)) / 2
}
