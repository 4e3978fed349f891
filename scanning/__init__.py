"""Scanner back ends, page clean-up and PDF assembly for digitising paper dossiers."""
