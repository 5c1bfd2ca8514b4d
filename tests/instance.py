"""Which test instance this run uses: OKRUG_TEST_INSTANCE=test-1 (..test-9) runs a second
suite beside the first on other ports."""

import os

TEST_INSTANCE = os.environ.get("OKRUG_TEST_INSTANCE", "test")
