"""Developer tools run from the Makefile (benchmarks, soak runs); not part of the shipped app."""
