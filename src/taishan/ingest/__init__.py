"""Build time: report files -> normalized sentences -> facts -> store records with search keys.

Nothing here is imported when a store is queried (pypinyin and every input-format library live here).
"""
