# Texts of the rule catalog (forms/catalog/*.toml) in English.

## Procedure titles: proc-<id>

proc-resident-move-in = Move-in notification
proc-resident-move-out = Move-out notification
proc-resident-move-within = Change of address within the city
proc-mynumber-continue = My Number card: continued use
proc-mynumber-address-update = My Number card: address update
proc-mynumber-apply = My Number card: application (with the birth registration)
proc-seal-register = Seal registration
proc-nhi-enroll = National Health Insurance: enrolment
proc-nhi-withdraw = National Health Insurance: withdrawal
proc-nhi-address-change = National Health Insurance: change of address
proc-nhi-childbirth-lump-sum = National Health Insurance: childbirth lump-sum grant
proc-late-elderly-enroll = Late-stage elderly medical care: enrolment on moving in
proc-late-elderly-address-change = Late-stage elderly medical care: change of address
proc-ltc-enroll = Long-term care insurance: enrolment
proc-ltc-certificate = Long-term care insurance: certificate of eligibility
proc-child-allowance-claim = Child allowance: claim
proc-child-allowance-revise = Child allowance: revision of the amount
proc-child-allowance-terminate = Child allowance: notice of end of eligibility
proc-child-allowance-address-change = Child allowance: change of address
proc-child-medical-apply = Child medical care certificate: application
proc-child-medical-return = Child medical care certificate: return
proc-child-medical-address-change = Child medical care certificate: change of address
proc-school-transfer-notice = Elementary/junior high school: transfer notice
proc-school-leave-documents = Elementary/junior high school: transfer documents
proc-school-district-check = Elementary/junior high school: school district check
proc-infant-checkup-transfer = Exchange of infant health check forms
proc-vaccination-transfer = Exchange of vaccination forms
proc-maternal-transfer = Maternal handbook and prenatal check vouchers
proc-child-support-referral = Single-parent allowance and medical care: consultation
proc-special-child-allowance-referral = Allowances for children with disabilities: consultation
proc-disability-address-change = Disability handbook: change of address
proc-public-assistance-referral = Public assistance: consultation and transfer
proc-dog-registration = Dog registration (change of location)
proc-moped-registration = Moped registration
proc-koseki-birth = Birth registration
proc-employer-child-allowance = Child allowance claim or revision (at the employer)
proc-employer-add-dependent = Health insurance: add the baby as a dependant (at the employer)
proc-child-support-move-out = Child support allowance and single-parent medical care: move-out notice
proc-destination-move-in = Move-in notification (at the new municipality)
proc-destination-nhi-enroll = National Health Insurance enrolment (at the new municipality)
proc-destination-child-allowance-claim = Child allowance claim (at the new municipality)
proc-destination-school = School admission (at the new municipality)
proc-koseki-death = Death registration
proc-nhi-loss = National Health Insurance: loss of coverage (death)
proc-nhi-funeral-expenses = National Health Insurance: funeral expenses
proc-late-elderly-loss = Late-stage elderly medical care: loss of coverage (death)
proc-late-elderly-funeral-expenses = Late-stage elderly medical care: funeral expenses
proc-ltc-loss = Long-term care insurance: loss of coverage (death)
proc-pension-death-report = Pension: report of the recipient's death
proc-pension-unpaid-claim = Pension: claim of unpaid pension
proc-nhi-household-change = National Health Insurance: change of householder
proc-nhi-dependent-check = Health insurance check (dependants of the deceased)
proc-child-allowance-unpaid-claim = Child allowance: claim of unpaid allowance
proc-household-head-change = Notification of a new householder
proc-disability-handbook-return = Return of the disability handbook
proc-family-inheritance-renounce = Renunciation or qualified acceptance of an inheritance
proc-family-final-tax-return = Final income tax return of the deceased (準確定申告)
proc-family-inheritance-tax = Inheritance tax return
proc-family-inheritance-registration = Registration of inherited real estate
proc-koseki-marriage = Marriage registration
proc-mynumber-name-change = My Number card: change of name
proc-nhi-name-change = National Health Insurance: change of name
proc-seal-reregister = Seal registration under the new surname
proc-child-support-end = Child support allowance and single-parent medical care: end of eligibility
proc-koseki-divorce = Divorce registration
proc-koseki-keep-surname = Notification to keep the married surname
proc-pension-category-change = National Pension: change from category 3 to category 1
proc-resident-household-change = Household change notification (new householder, split, merge)
proc-child-allowance-recipient-check = Child allowance: check of the recipient

## Windows

window-shimin = Citizens Section (市民課)
window-kokuho-nenkin = Health Insurance and Pension Section (国保年金課)
window-hoken-fukushi = Health and Welfare Section (保健福祉課)
window-kenko-soudan = Health Consultation Corner (健康相談コーナー)
window-kodomo-katei = Child and Family Consultation Corner (子ども・家庭相談コーナー)
window-koureisha-shougai = Elderly and Disability Consultation Corner (高齢者・障害者相談コーナー)
window-hogo = Public Assistance Section (保護課)
window-shizei = City Tax Office (市税事務所)
window-nenkin-jimusho = Pension Office (年金事務所; basic pension only: 国保年金課)
window-zeimusho = Tax Office (税務署)
window-houmukyoku = Legal Affairs Bureau (法務局)
window-katei-saibansho = Family Court (家庭裁判所)
window-destination = The new municipality
window-employer = The employer

## Reasons a procedure applies

reason-resident-move-in = You moved in from another municipality: the move-in must be notified within 14 days of the move (Basic Resident Registration Act, art. 22).
reason-mynumber-continue = To keep using your My Number card, complete its continued use within 90 days of the move-in notification, or the card lapses.
reason-seal-register = Your seal registration at your former address ended when you moved out. Residents aged 15 or over may register a seal here.
reason-nhi-enroll-move-in = You move in as a National Health Insurance member: enrol within 14 days (late enrolment back-dates premiums, and medical costs in between are not covered).
reason-late-elderly-enroll = A resident aged 75 or over moved in from { $event_from_abroad ->
    [true] abroad
   *[false] outside Fukuoka Prefecture
  }: enrolment with the Fukuoka late-stage elderly medical care union is required.
reason-late-elderly-address-change = A resident aged 75 or over moved in from within Fukuoka Prefecture: the insurance continues; only the address changes.
reason-ltc-enroll = { $member_care_certified ->
    [true] A resident with a care-need certification moved in: hand in the certificate of eligibility from the former municipality within 14 days to keep the certification.
   *[false] A resident aged 65 or over (category 1 insured) moved in: enrolment in long-term care insurance is required.
  }
reason-child-allowance-claim-move-in = You bring up a child (up to the end of the school year of age 18): claim the allowance within 15 days of the day after the planned move-out date to be paid from the following month (15-day rule).
reason-child-allowance-claim-birth = A child was born and you do not receive child allowance yet: claim within 15 days of the day after the birth to be paid from the following month.
reason-child-allowance-revise = A child was born into a household that already receives child allowance: apply for the revised amount within 15 days of the day after the birth.
reason-child-medical-apply-move-in = A child (up to the end of the school year of age 18) moved in: apply for the child medical care certificate (within 15 days of the day after the move it covers the move-in day onward).
reason-child-medical-apply-birth = A child was born: apply for the child medical care certificate (within one month it covers the birth day onward).
reason-school-transfer-notice = A child of compulsory school age (school year { $member_school_year }) moved in: the school transfer notice is issued.
reason-infant-checkup-transfer = A child under 4 moved in: infant health check forms are exchanged for Kitakyushu forms.
reason-vaccination-transfer = A pre-school child moved in: vaccination forms are exchanged for Kitakyushu forms.
reason-maternal-transfer = A pregnant resident moved in: prenatal check vouchers are exchanged and a public health nurse interview is needed (specialist window).
reason-child-support-referral = A single-parent household with a child may be eligible for the single-parent allowance and medical care (reviewed at the specialist window).
reason-special-child-allowance-referral = A resident under 20 with a disability may be eligible for allowances for children with disabilities (a medical certificate is reviewed).
reason-disability-address-change = A disability handbook holder moved in: the handbook address and welfare services must be transferred.
reason-public-assistance-referral = A household receiving public assistance moved in: consultation and transfer at the Public Assistance Section.
reason-dog-registration = You keep a dog: notify the change of its location within 30 days (Rabies Prevention Act).
reason-moped-registration = You own a moped or similar vehicle: register it in Kitakyushu within 15 days.
reason-koseki-birth = A child was born: the birth must be registered within 14 days counting the birth day (Family Register Act, art. 49).
reason-nhi-enroll-birth = The child joins National Health Insurance: enrol within 14 days.
reason-nhi-childbirth-lump-sum = A National Health Insurance member gave birth: the childbirth lump-sum grant can be claimed.
reason-mynumber-apply = A My Number card for the child can be applied for with the birth registration (optional).
reason-resident-move-out = You move out of Kitakyushu: notify the move-out (from about 14 days before to 14 days after the move).
reason-nhi-withdraw = Kitakyushu National Health Insurance ends with the move-out: notify the withdrawal.
reason-child-allowance-terminate = Eligibility in Kitakyushu ends with the move-out: notify it, and claim at your new municipality within 15 days.
reason-child-medical-return = The Kitakyushu child medical care certificate cannot be used after moving out: return it.
reason-ltc-certificate = A care-need certification is held: a certificate of eligibility is issued for your new municipality (hand it in within 14 days of moving in).
reason-school-leave-documents = A child of compulsory school age moves out: collect the enrolment and textbook certificates from the current school.
reason-resident-move-within = You changed address within the city: notify within 14 days.
reason-mynumber-address-update = The address on the My Number card must be updated within 14 days.
reason-nhi-address-change = The address of a National Health Insurance member changes: notify the change.
reason-child-allowance-address-change = The address of the child allowance recipient changes: notify the change.
reason-child-medical-address-change = The address on the child medical care certificate changes: update it.
reason-school-district-check = If the move changes the school district, a school transfer (or a request to keep the school) is needed.
reason-employer-child-allowance = The claimant is a civil servant: claim or revise the child allowance at the employer within 15 days of the day after the birth.
reason-employer-add-dependent = To make the baby a dependant of the employee health insurance, notify the parent's employer.
reason-child-support-move-out = Child support allowance and single-parent medical care end with the move out of the city: notify it and return the medical card; apply again at the new municipality.
reason-destination-move-in = Notify the move-in at the new municipality within 14 days of moving in (bring the moving-out certificate, or the My Number card for a special move-out).
reason-destination-nhi-enroll = Enrol in National Health Insurance at the new municipality (within 14 days of moving in).
reason-destination-child-allowance-claim = The new municipality pays the child allowance: claim it there within 15 days of the day after the planned move-out.
reason-destination-school = Register the children at the new municipality's board of education (bring the school certificates).
reason-koseki-death = The death must be registered within 7 days, counting the day the filer learned of it (3 months for a death abroad) (Family Register Act, art. 86).
reason-nhi-loss = The deceased was a National Health Insurance member: notify the loss of coverage within 14 days.
reason-nhi-funeral-expenses = The person who held the funeral can claim funeral expenses (within 2 years of the day after the funeral).
reason-late-elderly-loss = The deceased was covered by late-stage elderly medical care: notify the loss of coverage within 14 days.
reason-late-elderly-funeral-expenses = The person who held the funeral can claim funeral expenses (within 2 years of the day after the funeral).
reason-ltc-loss = The deceased was insured by long-term care insurance: notify the loss within 14 days (premiums are settled).
reason-pension-death-report = The deceased received a pension: report the death (14 days for the national pension, 10 for employees' pension). Not needed where the pension service holds the deceased's My Number.
reason-pension-unpaid-claim = Pension not yet paid up to the month of death can be claimed by family who shared the household (within 5 years).
reason-nhi-household-change-death = The National Health Insurance householder died: the cards are reissued with the new householder.
reason-nhi-dependent-check = If this member was a dependant on the deceased's employee health insurance, that coverage ends: join National Health Insurance or another scheme within 14 days.
reason-child-allowance-unpaid-claim = The recipient of the child allowance died: the child (or a representative) can claim the allowance not yet paid.
reason-household-head-change = The householder died and two or more members aged 15 or over remain: notify the new householder within 14 days (Basic Resident Registration Act, art. 25).
reason-child-allowance-claim-death = The recipient of the child allowance died: whoever now raises the children claims it within 15 days.
reason-child-medical-return-death = Please return the child medical card.
reason-disability-handbook-return = The deceased held a disability handbook: please return it.
reason-family-inheritance-renounce = To renounce an inheritance, or accept it with qualification, apply to the family court within 3 months of learning of it (Civil Code, art. 915).
reason-family-final-tax-return = If the deceased had income to declare, the heirs file the final return within 4 months of the day after learning of the death (Income Tax Act, art. 125).
reason-family-inheritance-tax = If the estate exceeds the basic exemption, file the inheritance tax return within 10 months of the day after learning of it (Inheritance Tax Act, art. 27).
reason-family-inheritance-registration = Inherited real estate must be registered within 3 years of learning of its acquisition (Real Property Registration Act, art. 76-2).
reason-koseki-marriage = A marriage takes effect on the day it is registered (no deadline).
reason-mynumber-name-change = The surname changes: the name on the My Number card must be changed within 14 days.
reason-nhi-name-change = A National Health Insurance member's surname changes: the card is updated.
reason-seal-reregister = A change of surname cancels the seal registration. Members aged 15 or over may register under the new surname (optional).
reason-child-support-end = The marriage (including a de facto one) ends eligibility for child support allowance and single-parent medical care: notify it.
reason-koseki-divorce = A divorce by agreement takes effect when registered; one by mediation, ruling or judgment must be registered within 10 days, counting the day it became final (Family Register Act, art. 77).
reason-koseki-keep-surname = A member who returns to the former surname but wishes to keep the married one may notify it within 3 months, counting the day of the divorce (optional).
reason-pension-category-change = No longer a dependent spouse (category 3 of the National Pension): change to category 1 within 14 days.
reason-child-support-divorce = Raising children as a single parent: child support allowance and single-parent medical care can be applied for.
reason-resident-household-change = The household or its householder changes: notify it within 14 days (Basic Resident Registration Act, art. 25).
reason-nhi-household-change = The National Health Insurance household changes: the cards are updated.
reason-child-allowance-recipient-check = A change of householder or household can change who receives the child allowance: please check.

## Reasons a procedure does not apply

na-mynumber-no-card = Not needed: no My Number card is held.
na-seal-under-15 = Residents under 15 cannot register a seal.
na-nhi-public-assistance = Members of a household on public assistance do not join National Health Insurance (medical assistance covers them).
na-nhi-late-elderly = Residents aged 75 or over are covered by late-stage elderly medical care, not National Health Insurance.
na-nhi-other-insurance = { $member_health_insurance ->
    [employee] Not needed: insured through an employer's health insurance.
    [employee_dependent] Not needed: a dependent in an employer's health insurance (handled by the employer).
    [late_elderly] Not needed: insured in late-stage elderly medical care.
    [public_assistance] Not needed: covered by public assistance medical aid.
   *[other] Not needed: insured in another health insurance.
  }
na-nhi-birth-other-insurance = { $member_health_insurance ->
    [employee_dependent] Not needed: the child becomes a dependent in the parent's employer insurance (handled by the employer).
    [public_assistance] Not needed: covered by public assistance medical aid.
   *[other] Not needed: the child joins a health insurance other than National Health Insurance.
  }
na-lump-sum-other-insurance = The childbirth lump-sum grant is paid by the mother's own (non-NHI) health insurance.
na-late-elderly-same-prefecture = Moving in from within Fukuoka Prefecture: no new enrolment, only a change of address.
na-late-elderly-other-prefecture = Moving in from outside Fukuoka Prefecture or from abroad: enrolment instead of a change of address.
na-late-elderly-public-assistance = Members of a household on public assistance do not join late-stage elderly medical care.
na-ltc-second-category = Residents aged 40 to 64 (category 2 insured) need no notice on moving in unless they hold a care-need certification.
na-child-allowance-civil-servant = The claimant is a public servant: the employer pays the child allowance.
na-child-allowance-already-receiving = Already receiving child allowance: a revision of the amount is filed instead of a new claim.
na-child-medical-public-assistance = Covered by public assistance medical aid: no child medical care certificate is issued.
na-nhi-withdraw-not-nhi = Not needed: not a National Health Insurance member.
na-nhi-loss-other-insurance = { $member_health_insurance ->
    [employee] The deceased was insured through the employer: the employer handles the loss.
    [employee_dependent] The deceased was a dependant on employee health insurance: the insured person's employer handles it.
    [late_elderly] Handled by the late-stage elderly medical care loss notice.
   *[other] Not needed: the deceased was not a National Health Insurance member.
  }
na-head-change-one-adult = Not needed: at most one member aged 15 or over remains, who becomes householder without a notice.

## Documents

doc-moving-out-certificate = Moving-out certificate (not needed for a card-based special move-out)
doc-passport = Passports of everyone moving in
doc-id = Photo ID of the person notifying (e.g. driving licence)
doc-mynumber-cards = My Number cards of everyone moving (if held)
doc-mynumber-card = My Number card
doc-pin = The card's 4-digit PIN
doc-seal = The seal to register
doc-photo-id = Photo ID
doc-mynumber-proof = Proof of the My Number
doc-mynumber-proof-claimant-spouse = Proof of the My Numbers of the claimant and spouse
doc-late-elderly-burden-certificate = Certificate of co-payment category from the former prefecture's union
doc-late-elderly-card = Late-stage elderly medical care eligibility certificate
doc-ltc-eligibility-certificate = Long-term care certificate of eligibility from the former municipality (within 14 days of moving in)
doc-bank-account = Bank account details (passbook; not needed when using the public-funds account)
doc-child-insurance-proof = The child's health insurance eligibility certificate or notice
doc-school-enrollment-certificate = Certificate of enrolment from the former school
doc-textbook-certificate = Textbook supply certificate from the former school
doc-maternal-handbook = Maternal and child health handbook
doc-checkup-vouchers = Unused infant health check forms from the former municipality
doc-vaccination-forms = Unused vaccination forms from the former municipality
doc-prenatal-vouchers = Unused prenatal check vouchers from the former municipality
doc-koseki-single-parent = Family register or another document showing single-parent status
doc-disability-handbook = Disability handbook (physical, intellectual or mental)
doc-dog-tag = The dog's registration tag from the former municipality
doc-rabies-certificate = Rabies vaccination tag
doc-moped-plate = Licence plate or deregistration receipt from the former municipality
doc-birth-notice = Birth registration form (with the doctor's or midwife's certificate)
doc-delivery-receipt = Receipt and itemised bill of the delivery
doc-seal-card = Kitakyushu citizen card (seal registration card)
doc-nhi-card = National Health Insurance eligibility certificate
doc-child-medical-card = Child medical care certificate
doc-ltc-card = Long-term care insurance card
doc-child-support-card = Single-parent medical card
doc-moving-out-certificate-issued = The moving-out certificate issued by Kitakyushu (or the My Number card for a special move-out)
doc-death-notice = Death notice with the medical certificate of death filled in
doc-funeral-receipt = Proof of the funeral (thank-you card, receipt)
doc-bank-account-mourner = Bank account of the person who held the funeral
doc-pension-certificate = The deceased's pension certificate
doc-koseki-relation = Family register showing the relation to the deceased
doc-marriage-notice = Marriage notice signed by two adult witnesses
doc-divorce-notice = Divorce notice (by agreement: signed by two adult witnesses; by the court: a certified copy of the record or ruling)
doc-pension-handbook = Something showing the basic pension number
