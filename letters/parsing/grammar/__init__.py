"""Regular expressions for every family of wordings the Ombudsman has used (2014-2025), one
module for each kind of thing they match: ``key_statistics`` (numbers, percentages, the key
statistics' sentences and the 2024-25 overview), ``dates`` (letter dates and the reporting
period), ``names`` (council names, officers' titles, the salutation) and ``kinds`` (what
sort of document it is). ``anchored`` is the search machinery that keeps them fast.

All statistics patterns run on *flattened* text (``text.flatten``: whitespace collapsed, so
wrapped sentences read as one line) with ``re.I``. Council names, letter dates and tables
are read line by line from the normalised text.
"""
