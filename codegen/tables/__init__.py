"""One checker per spec table. Each turns a YAML file into a frozen model, or records errors."""
