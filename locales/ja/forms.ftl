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

# forms: relations and fields
# 続柄 as the 住民票 writes them, by the sex of the person: value-relation-<relation>-<sex>.
value-relation-spouse-male = 夫
value-relation-spouse-female = 妻
value-relation-parent-male = 父
value-relation-parent-female = 母
value-relation-grandparent = 祖父母
value-relation-grandparent-male = 祖父
value-relation-grandparent-female = 祖母
value-event-death = 死亡
value-event-marriage = 婚姻
value-event-divorce = 離婚
value-event-household-change = 世帯変更
value-change-head-change = 世帯主変更
value-change-split = 世帯分離
value-change-merge = 世帯合併
