"""First setup of a real county: the unit, its rubric, departments from the 领导小组成员名单,
users with one-time passwords, and the four stages of the first round."""
