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

# forms: relations and fields
# Relations by the sex of the person: value-relation-<relation>-<sex>.
value-relation-spouse-male = husband
value-relation-spouse-female = wife
value-relation-parent-male = father
value-relation-parent-female = mother
value-relation-grandparent = grandparent
value-relation-grandparent-male = grandfather
value-relation-grandparent-female = grandmother
value-event-death = death
value-event-marriage = marriage
value-event-divorce = divorce
value-event-household-change = change of household
value-change-head-change = change of head of household
value-change-split = household split
value-change-merge = household merger
