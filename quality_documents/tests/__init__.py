from . import test_signature
from . import test_document_lifecycle
from . import test_point_of_use
from . import test_tour
from . import test_effective_race
from . import test_signature_integrity
from . import test_signature_credentials
from . import test_audit_trail_report
