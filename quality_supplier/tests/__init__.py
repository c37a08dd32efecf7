from . import test_certificate
from . import test_gate_rollout
from . import test_gate_side_doors
from . import test_purchase_gate
from . import test_scar_portal
from . import test_scorecard
from . import test_tour
from . import test_workflow_side_doors
