"""Plan tests: tftest.yaml scenarios planned in batches, cached, and matched against inventories."""
