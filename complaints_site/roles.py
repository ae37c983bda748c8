"""Who may write: the two groups of people (created by ``letters`` migration 0003, kept in
step by later ones) and the permissions the code asks about."""

COUNCIL_OFFICERS = "Council officers"
DATA_ADMINS = "Data admins"

# Officers upload letters and their council's own reports; data admins for any council.
UPLOAD = "letters.add_annualletter"
UPLOAD_FOR_ANY_COUNCIL = "letters.upload_for_any_council"
