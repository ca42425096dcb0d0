"""Serve rebuilds that take from the last build what they would make the same (the MkDocs adapter's
part): the steps a build runs, one per plugin hook (`reuse`, whose docstring says why and in what
order), the staging folder of the last build's files (`staging`), what shapes a page besides its
Markdown (`fingerprint`), the pages taken and how they are given back (`pages`), the plugin's folder of
site_dir moved aside and back (`folder`), and when reuse is off (`refusal`)."""
