"""Translation records and the state of every page pair."""
