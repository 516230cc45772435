# The counter window's own texts (English). Keep the same ids in ../ja/ui.ftl.

app-title = madoguchi
mode-counter = Counter
mode-kiosk = Ticket machine
mode-display = Calling display

## Login
login-subtitle = One-stop counter: sign in
login-user = User name
login-password = Password
login-submit = Sign in
login-connecting = Connecting…
login-refused = Wrong user name or password
login-hub = Hub: { $url }
login-demo-users = Demo hub (synthetic data): clerk / clerk-demo   floor / floor-demo   supervisor / supervisor-demo
login-settings = Settings

## Status bar and closing
status-signed-out = Not signed in
status-online = ● Online
status-offline = ● Offline (this counter keeps working)
status-pending = { $count } pending
status-failed = { $count } { $count ->
    [one] change
   *[other] changes
} could not be sent
status-user = { $user } (counter { $counter })
logout = Sign out
close-open-intake = An intake is half done (it resumes at the next start). Quit?
close-pending = { $count } { $count ->
    [one] change has
   *[other] changes have
} not reached the hub yet (they are sent at the next start). Quit?
close-both = An intake is half done and { $count } { $count ->
    [one] change has
   *[other] changes have
} not reached the hub yet. Quit?
close-confirm = Quit
back = Back
next = Next

## Counter
counter-resumed = Resumed the intake of { $number } where it was left
counter-draft-failed = Could not save the draft: { $error }
counter-nobody-waiting = Nobody is waiting
counter-finished = Visit finished; the papers go to the back office.
counter-waiting-line = { $number }{ $priority }  { $minutes } min
counter-priority-mark = (priority)
counter-none-called = No number called
counter-serving = Serving: { $number }
counter-state = State: { $state }
counter-call-next = Call next (F2)
counter-recall = Recall
counter-no-show = No-show
counter-to-b = To certificates (B)
counter-to-c = To insurance (C)
counter-start-intake = Start intake
counter-waiting = { $count } waiting
counter-idle = Call a number, then start the intake
state-waiting = waiting
state-called = called
state-serving = serving
state-done = done
state-no-show = no-show

## Intake
intake-title = Ticket { $number }: intake
step-find = 1 Household
step-event = 2 Event
step-procedures = 3 Procedures
step-print = 4 Print and finish
event-move-in = Move-in
event-move-within = Move within the city
event-move-out = Move-out
event-birth = Birth
newborn-heading = The newborn
newborn-name = Name
newborn-kana = Reading (kana)
newborn-sex = Sex
sex-female = Female
sex-male = Male
newborn-insurance = Health insurance
newborn-nhi = Joins National Health Insurance
newborn-dependent = Dependant on a parent's employee insurance
newborn-mother = Mother
newborn-missing = Enter the newborn's name, reading and sex.
find-placeholder = Search by kana, name or date of birth (e.g. モジ S61.7.14)
find-search = Search
find-offline = Offline: only households looked up at this counter today are shown
find-not-found = Household not found
find-empty = Type a kana, a name or a date of birth before searching
find-no-match = No household matches “{ $query }”. Search again with another kana, name or date of birth, or, for a move-in from outside the city, use “Enter a new household”.
find-born = born { $date }
find-new-household = Enter a new household (moving in from outside the city)
event-heading = Event
event-planned-move-out = Planned move-out date (moving-out certificate)
event-from-prefecture = Prefecture of the previous address
date-unreadable = Not a date: { $input } (e.g. 2026-11-24, R8.11.24, 令和8年11月24日)
date-nonexistent = No such day: { $input }
date-outside-era = Not a day of the { $era } era: { $input }
event-no-catalog = No rule catalog is in effect today
procedures-counter = Taken at this counter today (including those passed on to other sections)
procedures-referral = Referred to a specialist window
procedures-flag = For information
procedures-no-deadline = no deadline
procedures-deadline = due { $date }
procedures-household = household
procedures-not-applicable = Not applicable
procedures-show-not-applicable = Show what does not apply, and why
procedures-hide-not-applicable = Hide what does not apply
procedures-summary = { $count } apply ({ $confirmed } ticked), { $excluded } do not
print-documents = Documents in the batch
print-form-line = Application: { $title } ({ $names })
print-guidance-line = Guidance sheet: today's procedures, deadlines, windows and what to bring
print-confirmed = Procedures ticked: { $count }
print-batch = Print all applications and the guidance sheet
print-printing = Printing…
preview-laying-out = Laying out the pages…
preview-page = Page { $page } of { $total }: { $title }
preview-guidance = Guidance sheet
preview-previous = Previous page
preview-next = Next page
preview-zoom = Enlarge
preview-close = Back to the list
scans-heading = Signed papers, scanned
scans-check = Look for scans
scans-none = No scanned pages yet (check the scanner's folder)
scans-found = { $count } { $count ->
    [one] page goes
   *[other] pages go
} to the back office with the case: { $names }
status-scans = { $count } scanned { $count ->
    [one] page
   *[other] pages
} waiting to be sent
scan-unreadable = { $name }: the file cannot be read ({ $detail })
scan-not-image = { $name }: not an image (PNG, JPEG or TIFF only). Scan it again or remove it from the scan folder
scan-not-scan-format = { $name }: { $format } is not a scan format (PNG, JPEG or TIFF only). Scan it again or remove it from the scan folder
scan-damaged = { $name }: the image is cut short and cannot be read. Scan it again or remove it from the scan folder
intake-finish = Finish (send to the back office)

## New household (move-in from outside the city)
new-title = New household (move-in)
new-postal = Postal code (7 digits)
new-postal-lookup = Look up address
new-postal-pick = Choose the town
new-postal-catch-all = (no town)
new-street = Block, lot, building
new-phone = Phone
new-member = Member { $n }
new-name = Name
new-kana = Reading in katakana (hiragana or half-width accepted)
new-birth = Date of birth (e.g. S61.7.14)
new-sex-male = Male
new-sex-female = Female
new-relation = Relation
new-insurance = Health insurance
new-add-member = Add a member
new-remove-member = Remove
new-use = Continue with this household
new-cancel = Back to search
new-error-address = Choose the address from the postal code
new-error-name = Member { $n }: enter the name
new-error-kana = Member { $n }: the reading must be katakana ({ $kana })
new-error-birth = Member { $n }: { $error }
new-error-future = Member { $n }: the date of birth is in the future
new-error-head = Exactly one member must be the head of household
relation-head = Head
relation-spouse = Spouse
relation-child = Child
relation-parent = Parent
relation-grandchild = Grandchild
relation-other = Other
insurance-nhi = National Health Insurance
insurance-employee = Employee insurance (insured)
insurance-employee_dependent = Employee insurance (dependant)
insurance-late_elderly = Late-stage elderly
insurance-public_assistance = Public assistance
insurance-none = None

## Floor board
floor-loading = Loading…
floor-waiting = { $count } waiting
floor-longest = longest { $minutes } min
floor-serving-line = Counter { $counter }: { $number } ({ $state }, { $minutes } min)
floor-waiting-line = { $number }  { $minutes } min{ $priority }
floor-priority-mark = {"  "}priority
floor-prioritise = Prioritise
floor-title = Floor status  { $day }
floor-live = ● Live
floor-reconnecting = ○ Reconnecting (refreshing every 2 s)
floor-counters = Counters
floor-tally = Print today's tally
floor-tally-printing = Tallying…
floor-tally-sent = Tally sent to { $printer } (copy: { $path })
floor-tally-saved = No printer set: the tally PDF was saved at { $path }
floor-tally-failed = The tally could not be printed: { $error }
floor-queue = Waiting

## Kiosk and calling display
kiosk-number-heading = { $category }: your number
kiosk-take-ticket-ahead = Please take your ticket ({ $count } ahead of you)
kiosk-failed = No ticket could be issued. Please ask a member of staff. ({ $error })
kiosk-take-ticket = Please take a number
kiosk-choose = Press the button for your business
display-counter = Counter { $counter }
display-none = No numbers are being called
display-waiting = { $category } { $name }: { $count } waiting
display-stale = The display is behind
display-heading = Now calling

## Settings
settings-title = Settings
settings-hub-url = Hub URL (empty: the built-in demo hub)
settings-counter-id = Counter number
settings-counter-prefix = Prefix for offline tickets
settings-printer = Printer (empty: PDF only)
settings-scan-folder = Scan folder
settings-office = Office name (printed on tickets)
settings-language = Language
settings-mode = This PC is a
settings-save = Save
settings-saved = Saved: { $path }
settings-renderer = Drawing
settings-renderer-software = Software (default)
settings-renderer-gpu = GPU
settings-restart = A new hub URL or drawing setting takes effect at the next start
settings-error-url = The hub URL must start with http:// or https://
settings-error-counter = Enter the counter number
settings-error-prefix = The prefix is 1 to 4 letters or digits
settings-file = Settings file: { $path }

# Every life event (the event step is drawn from src/events.rs)
event-death = Death
event-marriage = Marriage
event-divorce = Divorce
event-household-change = Household change
event-date-move-in = Moved in on (e.g. 2026-11-24, R8.11.24)
event-date-move-within = Moved on
event-date-move-out = Planned move-out date
event-date-birth = Date of birth
event-date-death = Date of death
event-date-marriage = Marriage notice filed on
event-date-divorce = Divorce date (filed, or court decision final)
event-date-household-change = Household change on
event-known-date = Day the death became known (blank: the day of death)
event-previous-address = Previous address (as on the move-out certificate)
event-new-postal-code = Postal code of the new address
event-new-address = New address (the postal code fills the town; type the rest)
event-destination = Destination address
event-from-abroad = Moving in from abroad
event-died-abroad = Died abroad
event-by-court = Divorce by mediation, ruling or judgment
event-change = What changes
event-change-head = New head of household
event-change-split = Household split
event-change-merge = Household merge
role-newborn = The newborn
role-mother = Mother
role-deceased = The deceased
role-partner = The partners (one or two)
role-surname_changer = Whose surname changes
role-new_head = The new head of household
role-notifier = Who files (at the counter; leave blank for the head)
role-required = { $role } (required)
date-read = { $date }
procedures-deadline-near = Due { $date } (soon)
procedures-documents = Bring: { $documents }
print-cancel = Cancel printing
print-again = Print again
print-stale = The procedures changed. Print again.
print-sent = Sent to { $printer } ({ $pages } pages; copy: { $path })
print-saved-only = No printer set: the PDF was saved at { $path } ({ $pages } pages)
finish-unprinted-question = Nothing was printed. Finish without printing?
finish-unprinted-yes = Finish without printing
finish-unprinted-no = Go back and print
visit-no-household = No household chosen
visit-not-determined = The procedures are not determined yet
visit-date = { $field }: { $error }
visit-planned-after = The planned move-out ({ $planned }) is after the move-in ({ $date }). Check the move-out certificate.
visit-unknown-procedure = Not a procedure of this household: { $id }
visit-not-printed = The batch was not printed
visit-bad-case = Not usable as a case number: { $id }
visit-cancelled = Printing cancelled. No PDF was kept.
visit-print-failed = Could not print: { $detail }
visit-save-failed = Could not save the PDF ({ $path }): { $error }
visit-spool-failed = The PDF was saved but the printer did not take it: { $error } (copy: { $path })
input-error = { $field }: { $error }
input-missing = choose one
input-no-member = not a member of this household
field-event-date = The event's date
field-event-known_date = Day the death became known
field-event-planned_move_out_date = Planned move-out date
field-event-deceased_id = The deceased
field-event-partner_ids = The partners
field-event-surname_change_id = Whose surname changes
field-event-new_head_id = The new head of household
field-event-notifier_id = Who files
field-event-change = What changes
field-event-newborn_id = The newborn
field-event-mother_id = Mother
visits-heading = Today's visits ({ $count })
visits-reprint = Reprint
visits-reopen = Reopen
visits-reopen-needs-ticket = To reopen, call the resident's number first (and finish the open intake).
visits-reopened = Visit { $case } reopened. Change, print, and finish again.
visits-taken = The back office has started on this case; it can no longer be changed at the counter.
event-resident-codes = Resident record codes (as on the move-out certificate; 11 digits, where known)
visit-resident-code = A resident record code is 11 digits (typed: { $typed })
problem-offline = The hub cannot be reached. This counter carries on (changes are sent when it is back).
problem-session = The login has expired. Please log in again.
problem-forbidden = This login's role cannot do that.
problem-not-found = Not found (another counter may have handled it).
problem-conflict = That cannot be done to this ticket now (its state changed). The list was refreshed.
problem-refused = The hub did not accept it. Check the entries.
problem-busy = The hub is busy. Please wait a moment and try again.
problem-hub = The hub had a problem. Try again; if it persists, call the IT section.
problem-local = This PC's data cannot be written (check the free disk space). The entries are kept.
problem-other = That could not be done. Try again; if it persists, call the IT section.
counter-called-heading = Calling: { $number }
counter-ticket-category = Category: { $category }
counter-ticket-transferred = Category: { $category } (transferred { $count }×)
counter-called-main = Calling { $number }
counter-called-hint = Press Start intake when they arrive; No-show if they do not.
counter-to-d = To childcare (D)
counter-transfer-question = The intake's entries will be discarded. Transfer to { $category }?
counter-transfer-yes = Transfer
counter-transfer-no = Cancel
counter-walk-in = Ticket at the counter (walk-in)
counter-walk-in-question = Which category?
counter-walk-in-issued = { $number } issued and called
counter-cancel = Cancel
counter-dismiss = Close
category-a = Moving in/out
category-b = Certificates
category-c = Insurance, pension
category-d = Childcare, welfare
settings-admin-needed = To open the settings, type an administrator's user name and password above, then press Settings.
settings-not-admin = Only an administrator (the IT section) can open the settings.
settings-admin-offline = The hub cannot be reached to check the administrator. Only the administrator who last opened the settings on this PC can open them now.
settings-text-scale = Text and screen size
find-hit = { $name } ({ $kana }), born { $born }, { $age }, { $relation }
find-relation = { $relation } (head: { $head })
find-more = More than { $count } found. Add a birth date or name to narrow the search.
find-served-today = This household was served at this counter today (case { $case }). Check this is not a second intake.
scans-count = Signed pages back: { $found } of { $expected }
scans-page = { $title } page { $page }
scans-missing = Not scanned yet: { $pages }
scans-other-case = Another visit's papers are mixed in (case { $pages }). Take them out.
scans-duplicate = The same page scanned twice: { $pages }
scans-unreadable-qr = No readable QR code (blank, turned or soiled?): { $pages }
scans-thumb-page = page { $page }
scans-thumb-other = other visit
scans-thumb-unknown = no QR
