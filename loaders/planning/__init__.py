"""From a file to a plan: analysis of each kind, checks, validation against the catalogue, the plan."""
