"""Hypothesis settings for tests/ and examples/ alike: no test depends on a clock."""

import os

from hypothesis import settings

# "ci" runs more examples and never depends on a clock; "dev" is quick.
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
