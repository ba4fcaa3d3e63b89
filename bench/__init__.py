"""The benchmark: a bulk data generator (`manage.py bench_seed`) and the runner (`bench/run`)."""
