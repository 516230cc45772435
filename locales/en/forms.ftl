# Labels for coded values. The forms themselves are Japanese municipal forms;
# these are used where a label is shown in English.

value-sex-male = male
value-sex-female = female
value-relation-head = head of household
value-relation-spouse = spouse
value-relation-child = child
value-relation-parent = parent
value-relation-grandchild = grandchild
value-relation-other = other
value-insurance-nhi = National Health Insurance
value-insurance-employee = employee insurance
value-insurance-employee-dependent = employee insurance (dependent)
value-insurance-late-elderly = late-stage elderly medical care
value-insurance-public-assistance = public assistance
value-insurance-none = none
value-event-move-in = move-in
value-event-move-within = move within the city
value-event-move-out = move-out
value-event-birth = birth
value-yes = yes
value-no = no
