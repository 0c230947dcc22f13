"""Budgets' pages, one module per subject: the plan's budget rows (plan_rows), its staff
costs (staff) and the plan's money page (money) with its sections."""
