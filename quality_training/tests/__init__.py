from . import test_fanout
from . import test_gate
from . import test_completion
from . import test_tour
from . import test_workflow_side_doors
from . import test_training_todo
from . import test_import
from . import test_validity
