"""The training lab around the GDS guide's backup procedure (section 7.7.1): the demo lab, the
service that writes to a volume, backups and their checks, the procedure and its grader, the
disk-failure lesson. It uses :mod:`gdsview.core`; the core never imports it."""
