"""Query pieces the Steering reports share."""

import frappe


def parents_with_row_under(
	parenttype: str, child_doctype: str, parentfield: str, link_field: str, tree_doctype: str, root: str
):
	"""The records of `parenttype` with a row of `child_doctype` pointing at `root` or at anything
	under it in its tree (a territory and its QPVs, a theme and its sub-themes): a subquery."""
	child = frappe.qb.DocType(child_doctype)
	node = frappe.qb.DocType(tree_doctype)
	top = frappe.qb.DocType(tree_doctype).as_("top")
	return (
		frappe.qb.from_(child)
		.join(node)
		.on(node.name == child[link_field])
		.join(top)
		.on((node.lft >= top.lft) & (node.rgt <= top.rgt))
		.select(child.parent)
		.where((child.parenttype == parenttype) & (child.parentfield == parentfield) & (top.name == root))
	)
