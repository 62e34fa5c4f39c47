"""Values of Select fields that the code reads or writes.

Only what code must compare against lives here; labels are translated in `locale/fr.po`,
and workflow states are read from the Workflow records, which admins edit.
"""

# Resident Report.public_status (also the Open311 status)
OPEN = "Open"
CLOSED = "Closed"

# Resident Report.closing_reason
CLOSING_FIXED = "Fixed"
CLOSING_DUPLICATE = "Duplicate"
CLOSING_NOT_OURS = "Not Our Responsibility"

# Resident Report.fix_confirmation
FIX_CONFIRMED = "Confirmed"
FIX_NOT_FIXED = "Not Fixed"

# Resident Report.channel
CHANNEL_PORTAL = "Portal"
CHANNEL_OPEN311 = "Open311"
CHANNEL_FIELD_DIAGNOSTIC = "Field Diagnostic"

# land status (domanialité) of Responsibility, Grey Zone and Resident Report
LAND_ANY = "Any"
LAND_UNKNOWN = "Unknown"

# Responsibility.role and status
ROLE_LEAD = "Lead"
PROPOSED = "Proposed"

# Grey Zone.status and origin
GREY_ZONE_SETTLED = "Settled"
GREY_ZONE_AUTOMATIC = "Automatic"

# Resident Need
NEED = "Need"
SOURCE_PORTAL = "Portal"
SOURCE_WEAK_SIGNAL = "Weak Signal"

# Roles
ADMIN = "GUSP Admin"
RESOURCE_CENTRE = "GUSP Resource Centre"
MEMBER = "GUSP Member"
MANAGER = "GUSP Manager"
RESIDENT = "GUSP Resident"
