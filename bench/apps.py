from django.apps import AppConfig


class BenchConfig(AppConfig):
    """No models: the app exists for its `bench_seed` management command."""

    name = "bench"
    verbose_name = "Benchmark"
