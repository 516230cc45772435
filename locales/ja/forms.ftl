# Labels printed on forms for coded values: value-<kind>-<value>.

value-sex-male = 男
value-sex-female = 女
value-relation-head = 世帯主
value-relation-spouse = 配偶者
value-relation-child = 子
value-relation-parent = 父母
value-relation-grandchild = 孫
value-relation-other = その他
value-insurance-nhi = 国民健康保険
value-insurance-employee = 被用者保険（本人）
value-insurance-employee-dependent = 被用者保険（被扶養者）
value-insurance-late-elderly = 後期高齢者医療
value-insurance-public-assistance = 生活保護
value-insurance-none = なし
value-event-move-in = 転入
value-event-move-within = 転居
value-event-move-out = 転出
value-event-birth = 出生
value-yes = 有
value-no = 無
