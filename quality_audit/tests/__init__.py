from . import test_programme
from . import test_audit
from . import test_supplier_audit
from . import test_management_review
from . import test_overview
from . import test_tour
from . import test_finding_capa
from . import test_dashboard
