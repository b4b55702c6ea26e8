"""What every area of the studio shares: the domain errors, who a customer is, and what changed
between two versions of a record."""
