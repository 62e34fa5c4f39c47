# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class TFPBCommitment(ChildRow):
	pass
