"""scoplan's built-in loaders, plugins like any other: each module registers one loader."""
