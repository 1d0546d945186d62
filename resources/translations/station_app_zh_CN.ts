<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddCropDialog</name>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="323"/>
        <source>Add a crop</source>
        <translation>添加作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="334"/>
        <source>Code (lower-case letters, digits and _)</source>
        <translation>代码（小写英文字母、数字和 _）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="335"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="336"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="337"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="343"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="352"/>
        <source>The code must start with a lower-case letter and use only lower-case letters, digits and _, for example potato.</source>
        <translation>代码要以小写英文字母开头，只能用小写英文字母、数字和 _，例如 potato。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="355"/>
        <source>Another crop already has this code.</source>
        <translation>已经有作物用了这个代码。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="357"/>
        <source>Please enter the Chinese name.</source>
        <translation>请填写中文名称。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="359"/>
        <source>Please enter the English name.</source>
        <translation>请填写英文名称。</translation>
    </message>
</context>
<context>
    <name>ApplicationDialog</name>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="135"/>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="141"/>
        <source>No.</source>
        <translation>期次</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="135"/>
        <source>Due</source>
        <translation>还款日</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="135"/>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="138"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="135"/>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="138"/>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="136"/>
        <source>Payment</source>
        <translation>应还金额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="136"/>
        <source>Balance after</source>
        <translation>还后余额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="136"/>
        <source>Paid</source>
        <translation>已还</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="141"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="138"/>
        <source>Paid on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="138"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="139"/>
        <source>Paid by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="139"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="141"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="141"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="148"/>
        <source>Record order progress…</source>
        <translation>记录订单进展…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="152"/>
        <source>Repayment schedule</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="154"/>
        <source>Money received</source>
        <translation>还款记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="155"/>
        <source>Order events</source>
        <translation>订单事件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="178"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) · %3 months · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）· %3 个月 · %4</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="182"/>
        <source>Annualized rate %1 (contract rate %2 a year) · fees %3</source>
        <translation>年化利率 %1（合同年利率 %2）· 费用 %3</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="185"/>
        <source>Farmer %1 (%2) · filed by %3 on %4 · application no. %5</source>
        <translation>农户 %1（%2）· %3 于 %4 提交 · 申请编号 %5</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="191"/>
        <source>Guaranteed by %1</source>
        <translation>担保：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="194"/>
        <source>Planned disbursement %1 · due %2</source>
        <translation>计划放款日 %1 · 到期日 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="198"/>
        <source>Disbursed %1 · received %2 · principal still owed %3</source>
        <translation>放款日 %1 · 已收回 %2 · 尚欠本金 %3</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="202"/>
        <source>Paid off on %1.</source>
        <translation>已于 %1 全部还清。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="206"/>
        <source>Next payment %1 on %2 · pays everything off today: %3</source>
        <translation>下一期 %2 应还 %1 · 今天一次还清需 %3</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="212"/>
        <source>%1 days overdue: %2 unpaid</source>
        <translation>已逾期 %1 天：未还 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="217"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="232"/>
        <source>paid</source>
        <translation>已还</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="234"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="275"/>
        <source>✓ The event log is intact (%1 events, each sealed by the one before).</source>
        <translation>✓ 事件记录完整（共 %1 条，每一条都由前一条封存）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="279"/>
        <source>✗ The event log was altered: %1</source>
        <translation>✗ 事件记录被改动过：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="292"/>
        <source>Record a repayment…</source>
        <translation>登记还款…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="304"/>
        <source>Print the contract</source>
        <translation>打印合同</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="306"/>
        <source>Print the schedule</source>
        <translation>打印还款计划表</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="307"/>
        <source>Print the summary for the farmer</source>
        <translation>打印贷款明白纸</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="348"/>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="352"/>
        <source>Record order progress</source>
        <translation>记录订单进展</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="349"/>
        <source>What happened?</source>
        <translation>发生了什么？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="353"/>
        <source>Waybill or note (may be blank)</source>
        <translation>运单号或备注（可以不填）</translation>
    </message>
</context>
<context>
    <name>ApplicationsList</name>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="38"/>
        <source>Waiting for a decision</source>
        <extracomment>Filters of the list: key → states shown (None: all).</extracomment>
        <translation>等待审批</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="39"/>
        <source>Not yet disbursed</source>
        <translation>还没放款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="40"/>
        <source>Loans being repaid</source>
        <translation>还款中的贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="41"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="44"/>
        <source>Filed</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="44"/>
        <source>Farmer</source>
        <translation>农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="44"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="44"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="45"/>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="45"/>
        <source>Repayment</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="45"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="46"/>
        <source>Application no.</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="55"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
</context>
<context>
    <name>ApplicationsScreen</name>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="72"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/applications_screen.py" line="73"/>
        <source>Applications filed at the station, the branch&apos;s decisions, disbursed loans and their repayments. A loan shows as overdue by itself the day after a payment is missed.</source>
        <translation>服务站提交的贷款申请、支行的审批、已放款的贷款和还款。哪一期没按时还，第二天就自动显示为逾期。</translation>
    </message>
</context>
<context>
    <name>ApplyPolicyDialog</name>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="40"/>
        <source>Apply for the insurance</source>
        <translation>投保</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="43"/>
        <source>No loan</source>
        <translation>不指定贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="51"/>
        <source>Payouts first repay</source>
        <translation>赔款优先偿还</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="52"/>
        <source>When a payout is due it repays this loan first; the rest goes to the farmer.</source>
        <translation>有赔款时先还这笔贷款，剩下的付给农户。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="54"/>
        <source>Not linked</source>
        <translation>不关联</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="58"/>
        <source>For the planting season</source>
        <translation>用于哪一季种植</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="59"/>
        <source>Apply</source>
        <translation>投保</translation>
    </message>
</context>
<context>
    <name>AttendanceDialog</name>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="54"/>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="280"/>
        <source>Attendance</source>
        <translation>培训签到</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="64"/>
        <source>Search: name, pinyin initials (zs), village, last 4 digits</source>
        <translation>搜索：姓名、拼音首字母（如 zs）、村名、身份证或手机后 4 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="79"/>
        <source>Tap a name to untick it.</source>
        <translation>点一下名字，就能去掉勾。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="83"/>
        <source>Save attendance</source>
        <translation>保存签到</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="86"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="90"/>
        <source>1. Find the farmer and tap to tick:</source>
        <translation>第 1 步：找到农户，点一下就打上勾：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="173"/>
        <source>Nobody found. Try the pinyin initials (zs) or the village name.</source>
        <translation>没有找到。可以试试拼音首字母（如 zs）或村名。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="175"/>
        <source>Showing the first %1; type more to narrow the list.</source>
        <translation>只显示前 %1 位，多输入几个字可以缩小范围。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="178"/>
        <source>%1 found</source>
        <translation>找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="205"/>
        <source>2. Ticked: %1</source>
        <translation>第 2 步：核对已打勾的 %1 人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="281"/>
        <source>Close without saving the ticks?</source>
        <translation>刚才打的勾还没有保存，确定不保存就关掉吗？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="283"/>
        <source>Close without saving</source>
        <translation>不保存，关掉</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/attendance_dialog.py" line="285"/>
        <source>Keep ticking</source>
        <translation>继续打勾</translation>
    </message>
</context>
<context>
    <name>BackupScreen</name>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="65"/>
        <source>Backups</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="67"/>
        <source>A copy of the database is made automatically once a day; the last 7 days, 4 weeks and 6 months are kept, manual backups for 90 days. Copy backups to a USB stick from time to time.</source>
        <translation>每天自动备份一次数据库；保留最近 7 天、4 周和 6 个月的备份，手动备份保留 90 天。请经常把备份复制到U盘上。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="76"/>
        <source>Made at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="76"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="76"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="76"/>
        <source>App version</source>
        <translation>程序版本</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="85"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="87"/>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="131"/>
        <source>Folder: %1</source>
        <translation>备份文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="136"/>
        <source>Daily (automatic)</source>
        <translation>每日（自动）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="136"/>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="137"/>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="138"/>
        <source>Before an update</source>
        <translation>升级前</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="147"/>
        <source>%1 (damaged)</source>
        <translation>%1（已损坏）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="176"/>
        <source>Making a backup…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="183"/>
        <source>Backup made: %1</source>
        <translation>备份完成：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="204"/>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="205"/>
        <source>Station backups (*.db);;All files (*)</source>
        <translation>服务站备份 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="226"/>
        <source>The data on this computer will be replaced by the backup “%1”. Everything entered after that backup is lost (this computer is not connected to a central server that could return it). A copy of the current data is kept first. The app restarts afterwards.</source>
        <translation>这台电脑上的数据将被备份“%1”替换。这个备份之后录入的内容都会丢失（这台电脑没有连接中心服务器，无法找回）。替换前会先保存一份当前数据的副本。恢复后程序会重新启动。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="231"/>
        <source>Restore this backup?</source>
        <translation>恢复这个备份吗？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="220"/>
        <source>The data on this computer will be replaced by the backup “%1”. Everything entered after that backup disappears from this computer; what already reached the central server comes back at the next sync. A copy of the current data is kept first. The app restarts afterwards.</source>
        <translation>这台电脑上的数据将被备份“%1”替换。这个备份以后录入的内容会从这台电脑上消失；已经同步到中心服务器的内容，下次同步时会回来。恢复前会先把现在的数据另存一份。恢复后程序会重新启动。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="234"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="236"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="250"/>
        <source>Checking and restoring the backup…</source>
        <translation>正在检查并恢复备份…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="268"/>
        <source>The backup of %1 was restored. The app restarts now and then downloads from the central server what it already has.</source>
        <translation>已恢复 %1 的备份。程序现在重新启动，然后从中心服务器下载服务器上已有的数据。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="271"/>
        <source>The backup of %1 was restored. The app restarts now.</source>
        <translation>已恢复 %1 的备份。程序现在重新启动。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/backup_screen.py" line="274"/>
        <source>Restore finished</source>
        <translation>恢复完成</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="88"/>
        <source>Close</source>
        <extracomment>The badge of a state without a colour of its own (waiting, in progress). The service&apos;s refusal (it has a ``message``), shown in the error line. Object-name prefix of the buttons of the workflow moves. Moves whose buttons are primary.</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="152"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="152"/>
        <source>Step</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="152"/>
        <source>By</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="153"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="154"/>
        <source>Steps</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="165"/>
        <source> (not applied: someone else acted first)</source>
        <translation>（未生效：别人先办理了）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="210"/>
        <source>Making the document…</source>
        <translation>正在生成文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="218"/>
        <source>%1 is ready: %2</source>
        <translation>%1 已生成：%2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/case_dialog.py" line="256"/>
        <source>Why? The farmer and your colleagues will read this.</source>
        <translation>请写明原因，农户和同事都会看到。</translation>
    </message>
</context>
<context>
    <name>CostForm</name>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="254"/>
        <source>Add an input cost: %1</source>
        <translation>添加投入：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="257"/>
        <source>Spent on *</source>
        <translation>用在哪里 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="260"/>
        <source>Date *</source>
        <translation>日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="261"/>
        <source>Amount (yuan) *</source>
        <translation>金额（元）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="262"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CropCalendarScreen</name>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="395"/>
        <source>Field crop</source>
        <translation>大田作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="395"/>
        <source>Orchard</source>
        <translation>果树</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="396"/>
        <source>Tea</source>
        <translation>茶叶</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="396"/>
        <source>Edible fungus</source>
        <translation>食用菌</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="399"/>
        <source>Crop calendar</source>
        <translation>作物日历</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="505"/>
        <source>Back to the shipped calendar</source>
        <translation>恢复软件自带的参考表</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="402"/>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="404"/>
        <source>Export file…</source>
        <translation>导出文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="486"/>
        <source>Save as version</source>
        <translation>保存为第几版</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="410"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="410"/>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="434"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="410"/>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="434"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="411"/>
        <source>Growth days</source>
        <translation>生长天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="411"/>
        <source>Sales window (days)</source>
        <translation>销售期（天）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="412"/>
        <source>Input cost (yuan/mu)</source>
        <translation>每亩投入成本（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="412"/>
        <source>Typical yield (kg/mu)</source>
        <translation>每亩常见产量（公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="413"/>
        <source>Typical price (yuan/kg)</source>
        <translation>常见收购价（元/公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="413"/>
        <source>Usual start from (MM-DD)</source>
        <translation>常见开始日 自（月-日）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="414"/>
        <source>Usual start to (MM-DD)</source>
        <translation>常见开始日 至（月-日）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="416"/>
        <source>Add crop</source>
        <translation>添加作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="418"/>
        <source>Remove crop</source>
        <translation>删除作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="421"/>
        <source>Crops</source>
        <translation>作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="434"/>
        <source>Starts after (days)</source>
        <translation>开始后第几天起</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="435"/>
        <source>Lasts (days)</source>
        <translation>持续天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="435"/>
        <source>Usually from (MM-DD)</source>
        <translation>常见起（月-日）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="436"/>
        <source>Usually to (MM-DD)</source>
        <translation>常见止（月-日）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="438"/>
        <source>Add phase</source>
        <translation>添加生长阶段</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="440"/>
        <source>Remove phase</source>
        <translation>删除生长阶段</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="463"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="464"/>
        <source>Start event (Chinese)</source>
        <translation>开始事件（中文）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="465"/>
        <source>Start event (English)</source>
        <translation>开始事件（英文）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="466"/>
        <source>What the input cost includes</source>
        <translation>投入成本包括哪些</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="467"/>
        <source>Note on the yield (may be empty)</source>
        <translation>产量说明（可以不填）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="468"/>
        <source>Main growing regions (separate with 、)</source>
        <translation>主要产区（用“、”隔开）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="515"/>
        <source>The edited calendar stored in the database has problems and is not used; the calendar shipped with the app (version %1) is in use. Save a corrected calendar to replace it.</source>
        <translation>数据库里保存的修改版参考表有错误，没有使用；现在用的是软件自带的参考表（第 %1 版）。请改正后重新保存来替换它。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="519"/>
        <source>In use: the calendar edited at this station, version %1 (saved %2 by %3).</source>
        <translation>正在使用：本站修改过的参考表，第 %1 版（%2 由 %3 保存）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="521"/>
        <source>In use: the calendar edited at this station, version %1.</source>
        <translation>正在使用：本站修改过的参考表，第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="522"/>
        <source>In use: the calendar shipped with the app, version %1 (back to it since %2, by %3).</source>
        <translation>正在使用：软件自带的参考表，第 %1 版（%2 由 %3 恢复）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="524"/>
        <source>In use: the calendar shipped with the app, version %1.</source>
        <translation>正在使用：软件自带的参考表，第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="602"/>
        <source>Growth phases of %1</source>
        <translation>%1的生长阶段</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="603"/>
        <source>More about %1</source>
        <translation>%1的其他信息</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="652"/>
        <source>Added %1. Fill in its figures and phases, then press Save.</source>
        <translation>已添加%1。请填好各项数字和生长阶段，再点“保存”。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="661"/>
        <source>Removed %1. Press Save to apply, or Discard changes to undo.</source>
        <translation>已删除%1。点“保存”后生效；点“放弃修改”可以撤销。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="509"/>
        <source>Saved. The calendar in use is now version %1.</source>
        <translation>已保存。现在使用的是第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="510"/>
        <source>The calendar was not saved. Please correct these problems (your changes are still here):</source>
        <translation>参考表没有保存。请改正下面这些问题（您改过的内容都还在）：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="506"/>
        <source>Use the calendar shipped with the app again? The edited calendar stops being used (it stays in the records), and changes not saved yet are lost.</source>
        <translation>要重新使用软件自带的参考表吗？修改过的参考表将不再使用（记录会保留），还没有保存的修改会丢失。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="512"/>
        <source>The calendar shipped with the app (version %1) is in use again.</source>
        <translation>已恢复使用软件自带的参考表（第 %1 版）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="514"/>
        <source>The shipped calendar could not be restored:</source>
        <translation>没能恢复软件自带的参考表：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="704"/>
        <source>Import a crop calendar file</source>
        <translation>导入作物日历文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="705"/>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="729"/>
        <source>Crop calendar (*.json)</source>
        <translation>作物日历 (*.json)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="714"/>
        <source>The file was not imported:</source>
        <translation>文件没有导入：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="722"/>
        <source>Imported %1. Check it, then press Save to use it.</source>
        <translation>已导入 %1。请核对，然后点“保存”开始使用。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="728"/>
        <source>Export the crop calendar</source>
        <translation>导出作物日历</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="741"/>
        <source>The file could not be written:</source>
        <translation>文件没能写入：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/crop_calendar_screen.py" line="744"/>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="168"/>
        <source>Home</source>
        <extracomment>Tile keys (object names ``tile_&lt;key&gt;``) → the list each one opens.</extracomment>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="175"/>
        <source>Farmers registered</source>
        <translation>已登记农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="176"/>
        <source>Online shops</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="177"/>
        <source>Credit scores by grade</source>
        <translation>信用分等级分布</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="178"/>
        <source>Loans being repaid</source>
        <translation>在贷贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="179"/>
        <source>Overdue loans</source>
        <translation>逾期贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="180"/>
        <source>Weather insurance this year</source>
        <translation>今年的气象指数保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="181"/>
        <source>Trainings this month</source>
        <translation>本月培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="257"/>
        <source>Figures of %1. Click a tile, or press Enter on it, to open the list behind it.</source>
        <translation>%1 的数据。点一下方块（或选中后按回车）就打开对应的列表。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="261"/>
        <source>%1 registered this month</source>
        <translation>本月新登记 %1 户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="265"/>
        <source>Shops of registered farmers, by platform</source>
        <translation>已登记农户的网店，按平台统计</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="270"/>
        <source>%1 of %2 farmers have a score</source>
        <translation>%2 户中有 %1 户已有信用分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="278"/>
        <source>Principal outstanding %1 · %2 applications in all</source>
        <translation>未还本金 %1 · 共 %2 笔申请</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="286"/>
        <source>Overdue amount %1</source>
        <translation>逾期金额 %1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="295"/>
        <source>%1 policies of %2, premium %3. Claims paid: %4, %5 (%6 repaid loans).</source>
        <translation>%2 年保单 %1 份，保费 %3。已赔付 %4 笔，共 %5（其中 %6 用于还贷）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="300"/>
        <source>To loans</source>
        <translation>用于还贷</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="300"/>
        <source>To farmers</source>
        <translation>付给农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="305"/>
        <source>%1 attendances this month</source>
        <translation>本月签到 %1 人次</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="320"/>
        <source>over %1 days</source>
        <translation>超过 %1 天</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/dashboard_screen.py" line="321"/>
        <source>%1–%2 days</source>
        <translation>%1–%2 天</translation>
    </message>
</context>
<context>
    <name>DisburseDialog</name>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="107"/>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="111"/>
        <source>Disburse</source>
        <translation>放款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="109"/>
        <source>Disbursed on</source>
        <translation>放款日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="110"/>
        <source>The repayment schedule starts from this day.</source>
        <translation>还款计划从这一天开始计算。</translation>
    </message>
</context>
<context>
    <name>DocumentReadyDialog</name>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="316"/>
        <source>Document ready</source>
        <translation>文档已生成</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="318"/>
        <source>Document ready: %1</source>
        <translation>文档已生成：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="324"/>
        <source>Saved in %1</source>
        <translation>保存位置：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="332"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="334"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="336"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="338"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="381"/>
        <source>%1 page(s) sent to the printer.</source>
        <translation>已将 %1 页发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="390"/>
        <source>The computer has no program to open %1.</source>
        <translation>这台电脑上没有可以打开 %1 的程序。</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="19"/>
        <source>Connect to the central server</source>
        <translation>连接中心服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="23"/>
        <source>Ask the central administrator for the server address and a one-time enrollment code (valid for 72 hours). The code is used once; afterwards this computer syncs by itself whenever the network is available.</source>
        <translation>请向中心管理员要服务器地址和一次性登记码（72 小时内有效）。登记码只能用一次；连接以后，只要有网络，这台电脑就会自动同步。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="39"/>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="76"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="41"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="43"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="44"/>
        <source>Enrollment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="59"/>
        <source>Please enter the server address.</source>
        <translation>请填写服务器地址。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="62"/>
        <source>Please enter the enrollment code.</source>
        <translation>请填写登记码。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/enroll_dialog.py" line="66"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>ErrorChannel</name>
    <message>
        <location filename="../../station_app/ui/errors.py" line="59"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="64"/>
        <source>Something unexpected went wrong; the last action may not have finished. Copy the details for technical support.</source>
        <translation>出了一个意外的问题，刚才的操作可能没有完成。请复制详细信息发给技术支持。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="68"/>
        <source>Error</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="71"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="54"/>
        <source>CSV (opens in Excel and WPS)</source>
        <translation>CSV（可用 Excel、WPS 打开）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="55"/>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿（XLSX）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="57"/>
        <source>Include the full resident ID and mobile numbers (recorded in the audit log)</source>
        <translation>包含完整身份证号、手机号（将记录审计）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="60"/>
        <source>Without this, ID, mobile and bank card numbers are exported masked.</source>
        <translation>不勾选时，身份证号、手机号和银行卡号按隐藏格式导出。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="67"/>
        <source>Choose the file and export…</source>
        <translation>选择保存位置并导出…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="69"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="99"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="100"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="112"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="120"/>
        <source>Exporting… %1 rows written</source>
        <translation>正在导出…已写入 %1 行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="127"/>
        <source>Exported %1 rows to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/export_dialog.py" line="130"/>
        <source>Full numbers were included; this was recorded in the audit log.</source>
        <translation>已包含完整号码，此次导出已记录审计。</translation>
    </message>
</context>
<context>
    <name>FarmerDetail</name>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="44"/>
        <source>Choose a farmer in the list to see the details.</source>
        <translation>在左边列表里点选一位农户，这里会显示详细信息。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="51"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="51"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="52"/>
        <source>Resident ID</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="52"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="53"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="53"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="54"/>
        <source>Household size</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="54"/>
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="55"/>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="55"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="67"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="78"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="80"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="82"/>
        <source>Export personal data (PIPL)</source>
        <translation>导出本人信息（PIPL）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="84"/>
        <source>Everything held about this farmer: a signed PDF to print and a JSON file, in the documents folder</source>
        <translation>本站保存的该农户全部信息：可打印的签名 PDF 和 JSON 文件，保存在文档文件夹</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="105"/>
        <source>Profile and sales</source>
        <translation>资料与销售</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="106"/>
        <source>Planting</source>
        <translation>种植</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="108"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="110"/>
        <source>Credit score</source>
        <translation>信用分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="112"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="114"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="171"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="171"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="207"/>
        <source>Delete farmer</source>
        <translation>删除农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="208"/>
        <source>Why is %1 being deleted? (The record is kept in the history.)</source>
        <translation>为什么要删除 %1？（记录会保留在历史中）</translation>
    </message>
</context>
<context>
    <name>FarmerForm</name>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="54"/>
        <source>Edit farmer</source>
        <translation>修改农户信息</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="54"/>
        <source>Register a farmer</source>
        <translation>登记新农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="80"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="80"/>
        <source>as on the ID card</source>
        <translation>与身份证一致</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="81"/>
        <source>Resident ID number *</source>
        <translation>身份证号 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="81"/>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="84"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="85"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="86"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="87"/>
        <source>Gender *</source>
        <translation>性别 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="94"/>
        <source>from the ID number</source>
        <translation>按身份证号自动填写</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="96"/>
        <source>Birth date *</source>
        <translation>出生日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="97"/>
        <source>Mobile *</source>
        <translation>手机号 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="97"/>
        <source>11 digits</source>
        <translation>11 位数字</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="98"/>
        <source>Bank card for loans</source>
        <translation>放款银行卡</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="98"/>
        <source>16 to 19 digits, optional</source>
        <translation>16 到 19 位数字，可以不填</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="103"/>
        <source>Village *</source>
        <translation>村 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="106"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="107"/>
        <source>Address detail</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="107"/>
        <source>group and house number</source>
        <translation>组和门牌号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="111"/>
        <source>not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="112"/>
        <source>Household size</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="115"/>
        <source>— not given —</source>
        <translation>— 未填 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="115"/>
        <source>No schooling</source>
        <translation>未上学</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="116"/>
        <source>Primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="117"/>
        <source>Junior middle school</source>
        <translation>初中</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="118"/>
        <source>Senior middle / vocational</source>
        <translation>高中/中专</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="119"/>
        <source>College</source>
        <translation>大专</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="120"/>
        <source>Bachelor or higher</source>
        <translation>本科及以上</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="122"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="123"/>
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="123"/>
        <source>name of the farmer cooperative, if a member</source>
        <translation>参加了合作社就填写合作社名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="124"/>
        <source>Cooperative credit code</source>
        <translation>合作社信用代码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="124"/>
        <source>18-character unified social credit code</source>
        <translation>18 位统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="125"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="127"/>
        <source>Consent (read each item to the farmer)</source>
        <translation>授权同意（请逐条念给农户听）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="135"/>
        <source>The farmer signed the printed consent form</source>
        <translation>农户已在纸质授权书上签字</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="144"/>
        <source>Open the registered farmer</source>
        <translation>打开已登记的农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="147"/>
        <source>I have checked the items marked in orange; save anyway</source>
        <translation>橙色标出的内容我已核对无误，继续保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="150"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="152"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="210"/>
        <source>%1 (unchanged; type a new number to replace it)</source>
        <translation>%1（不改就留空；要更换请输入新号码）</translation>
    </message>
</context>
<context>
    <name>FarmerTableModel</name>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26"/>
        <source>Resident ID</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27"/>
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="29"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="29"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>FarmerTrainingPanel</name>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="41"/>
        <source>Digital-skills training</source>
        <translation>数字技能培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="47"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="47"/>
        <source>Topic</source>
        <translation>培训主题</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="48"/>
        <source>Taught by</source>
        <translation>授课人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="48"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="111"/>
        <source>No training attended yet.</source>
        <translation>还没有参加过培训。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/farmer_panel.py" line="114"/>
        <source>In the last 12 months: %1 session(s), %2 hour(s) in all.</source>
        <translation>近 12 个月参加培训 %1 次，共 %2 小时。</translation>
    </message>
</context>
<context>
    <name>FarmersScreen</name>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="40"/>
        <source>Search: name, pinyin initials (zs), mobile, last 4 digits of ID or mobile, village</source>
        <translation>搜索：姓名、拼音首字母（如 zs）、手机号、身份证或手机后 4 位、村名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="41"/>
        <source>Register a farmer</source>
        <translation>登记新农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="44"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="154"/>
        <source>Export the farmer list</source>
        <translation>导出农户名单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="155"/>
        <source>farmers</source>
        <translation>农户名单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="181"/>
        <source>All farmers: %1 registered</source>
        <translation>全部农户：已登记 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="186"/>
        <source>Name starting with the text: %1 found</source>
        <translation>姓名以此开头：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="187"/>
        <source>Pinyin initials: %1 found</source>
        <translation>拼音首字母：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="188"/>
        <source>Village: %1 found</source>
        <translation>按村查找：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="189"/>
        <source>Last 4 digits of ID or mobile: %1 found</source>
        <translation>身份证或手机后 4 位：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="190"/>
        <source>Mobile number: %1 found</source>
        <translation>手机号：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="191"/>
        <source>Resident ID: %1 found</source>
        <translation>身份证号：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="192"/>
        <source>Type a name, pinyin initials, 4 last digits, a full mobile or ID number.</source>
        <translation>请输入姓名、拼音首字母、后 4 位数字、完整手机号或身份证号。</translation>
    </message>
</context>
<context>
    <name>FirstRunScreen</name>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="37"/>
        <source>Welcome! Set up this service station</source>
        <translation>欢迎使用！先建立本服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="42"/>
        <source>Create the station</source>
        <translation>建立服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="45"/>
        <source>Station name</source>
        <translation>服务站名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="45"/>
        <source>e.g. 横渠镇农村电商金融服务站</source>
        <translation>例如：横渠镇农村电商金融服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="46"/>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="46"/>
        <source>e.g. 陕西省</source>
        <translation>例如：陕西省</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="47"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="47"/>
        <source>e.g. 眉县</source>
        <translation>例如：眉县</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="48"/>
        <source>Station code</source>
        <translation>站点编号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="48"/>
        <source>e.g. MX-HQ-01</source>
        <translation>例如：MX-HQ-01</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="49"/>
        <source>Administrator&apos;s name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="50"/>
        <source>Administrator&apos;s user name</source>
        <translation>管理员登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="50"/>
        <source>letters or digits, e.g. admin</source>
        <translation>字母或数字，例如 admin</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="51"/>
        <source>Password (at least 8 characters)</source>
        <translation>密码（至少 8 位）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="52"/>
        <source>Password again</source>
        <translation>再输一次密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="67"/>
        <source>Create station</source>
        <translation>建立服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="71"/>
        <source>Just looking? Try it with demo data</source>
        <translation>先看看？用演示数据试用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="73"/>
        <source>Creates a demo station in 眉县, Shaanxi with villages and 2,000 made-up farmers (names, valid ID numbers and phones are generated). Log in afterwards as admin, tutor, specialist or branch with password demo1234.</source>
        <translation>在陕西眉县建一个演示服务站，带村庄和 2000 位虚构农户（姓名、身份证号、手机号都是生成的，格式有效）。之后用 admin、tutor、specialist 或 branch 登录，密码 demo1234。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="75"/>
        <source>Load demo data</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="101"/>
        <source>The station already exists? Join it</source>
        <translation>服务站已经建好了？加入它</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="103"/>
        <source>For a second computer of a station, or a branch officer&apos;s computer: ask the central administrator for the server address and a one-time code. The station&apos;s farmers and staff accounts are then downloaded.</source>
        <translation>用于服务站的第二台电脑，或支行客户经理的电脑：向中心管理员要服务器地址和一次性登记码。连接后会下载本站的农户和员工账号。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="112"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="113"/>
        <source>Enrollment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="116"/>
        <location filename="../../station_app/ui/first_run.py" line="178"/>
        <location filename="../../station_app/ui/first_run.py" line="202"/>
        <source>Join and download</source>
        <translation>加入并下载数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="143"/>
        <source>Please enter the server address.</source>
        <translation>请填写服务器地址。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="146"/>
        <source>Please enter the enrollment code.</source>
        <translation>请填写登记码。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="149"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="155"/>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="185"/>
        <source>Connected, but the server has no account for this computer yet. Ask the central administrator to create one (station-central user create), then press &quot;Download again&quot;.</source>
        <translation>已经连上，但服务器上还没有这台电脑能用的账号。请中心管理员建立账号（station-central user create），然后点“再下载一次”。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="190"/>
        <source>Download again</source>
        <translation>再下载一次</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="216"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一样。</translation>
    </message>
</context>
<context>
    <name>HarvestForm</name>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="209"/>
        <source>Record a harvest: %1</source>
        <translation>记录收获：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="209"/>
        <source>Correct a harvest: %1</source>
        <translation>改正收获记录：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="214"/>
        <source>Harvested on *</source>
        <translation>收获日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="215"/>
        <source>Yield (kg) *</source>
        <translation>产量（公斤）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="216"/>
        <source>Expected for this season: %1 kg</source>
        <translation>这一季预计：%1 公斤</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="218"/>
        <source>Sold online (%) *</source>
        <translation>网上卖出（%）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="220"/>
        <source>Share of this harvest sold through the farmer&apos;s online shops.</source>
        <translation>这次收获中通过农户自己网店卖出的比例。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="221"/>
        <source>Quality pass rate (%)</source>
        <translation>质检合格率（%）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="223"/>
        <source>Leave empty if the harvest was not inspected.</source>
        <translation>没有做质检就空着。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="224"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="51"/>
        <source>Import orders: %1</source>
        <translation>导入订单：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="55"/>
        <source>Choose the order export downloaded from the platform (CSV or Excel).</source>
        <translation>请选择从平台后台下载的订单导出文件（CSV 或 Excel）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="57"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="68"/>
        <source>Map the columns…</source>
        <translation>对应列…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="73"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="73"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="73"/>
        <source>What is wrong</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="80"/>
        <source>Skip the rows with errors and import the rest</source>
        <translation>跳过有错误的行，导入其余的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="83"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="115"/>
        <source>Order export</source>
        <translation>订单导出文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="116"/>
        <source>Order exports (*.csv *.xlsx);;All files (*)</source>
        <translation>订单表格 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="131"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="142"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="201"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="208"/>
        <source>Layout: %1</source>
        <translation>表格格式：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="210"/>
        <source>%1 rows read: %2 correct, %3 with errors.</source>
        <translation>共读到 %1 行：%2 行正确，%3 行有错误。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="212"/>
        <source>Already imported before: %1; repeated inside the file: %2.</source>
        <translation>以前已经导入过的：%1 条；文件里重复的：%2 条。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="214"/>
        <source>New orders to import: %1, amount paid %2 yuan.</source>
        <translation>这次要导入的新订单：%1 条，实付金额 %2 元。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="218"/>
        <source>Orders from %1 to %2.</source>
        <translation>订单时间从 %1 到 %2。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="247"/>
        <source>Cancelled; nothing was imported.</source>
        <translation>已取消，什么都没有导入。</translation>
    </message>
</context>
<context>
    <name>InsuranceQuoteDialog</name>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="86"/>
        <source>Weather-index insurance quote</source>
        <translation>气象指数保险试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="96"/>
        <source>e.g. 8 or 12.5</source>
        <translation>例如 8 或 12.5</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="102"/>
        <source>Quote</source>
        <translation>试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="105"/>
        <source>Product</source>
        <translation>保险产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="106"/>
        <source>Insured area (mu)</source>
        <translation>投保面积（亩）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="113"/>
        <source>Who pays</source>
        <translation>谁来出</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="113"/>
        <source>Share</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="114"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="125"/>
        <source>Central government subsidy</source>
        <translation>中央财政补贴</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="126"/>
        <source>Provincial subsidy</source>
        <translation>省级财政补贴</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="127"/>
        <source>County subsidy</source>
        <translation>县级财政补贴</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="128"/>
        <source>Paid by the farmer</source>
        <translation>农户自缴</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="155"/>
        <source>How this product pays</source>
        <translation>这个保险怎么赔</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="173"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="174"/>
        <source>Apply for this insurance…</source>
        <translation>投保…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="184"/>
        <source>A quote saves nothing: it shows the premium, the subsidies and what the product would have paid in past years.</source>
        <translation>试算不会保存任何内容：只是算一算保费、财政补贴多少，以及这个保险在往年能赔多少。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="203"/>
        <source>Weather station: %1 (%2) · sum insured %3 per mu</source>
        <translation>气象站：%1（%2）· 每亩保险金额 %3</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="219"/>
        <source>Type the insured area in mu, e.g. 8 or 12.5.</source>
        <translation>请填投保面积（亩），例如 8 或 12.5。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="243"/>
        <source>&lt;b&gt;Premium %1&lt;/b&gt; a year for %2 mu (sum insured %3)</source>
        <translation>%2 亩&lt;b&gt;每年保费 %1&lt;/b&gt;（保险金额 %3）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="246"/>
        <source>&lt;b&gt;The farmer pays %1&lt;/b&gt;; government subsidies pay %2</source>
        <translation>&lt;b&gt;农户自缴 %1&lt;/b&gt;，财政补贴 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="269"/>
        <source>Payout per mu in past years (yuan)</source>
        <translation>往年每亩赔付（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="276"/>
        <source>Replayed on the weather of %1–%2: &lt;b&gt;paid in %3 of %4 years&lt;/b&gt;, on average %5 per mu a year, for a premium of %6 per mu; &lt;b&gt;average loss ratio %7&lt;/b&gt; (payouts ÷ premium).</source>
        <translation>按 %1—%2 年的天气回算：&lt;b&gt;%4 年中有 %3 年会赔钱&lt;/b&gt;，平均每年每亩赔 %5，每亩保费 %6；&lt;b&gt;平均赔付率 %7&lt;/b&gt;（赔款 ÷ 保费）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/quote_dialog.py" line="286"/>
        <source>Basis risk</source>
        <translation>基差风险</translation>
    </message>
</context>
<context>
    <name>InsuranceScreen</name>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="97"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="98"/>
        <source>Weather-index insurance applied for at the station and the policies issued. When a covered period is over and its weather data is complete, the claim is computed by itself.</source>
        <translation>服务站办理的气象指数保险投保和已出的保单。保险期结束、天气数据齐全后，自动计算理赔。</translation>
    </message>
</context>
<context>
    <name>LoanProductsScreen</name>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="118"/>
        <source>Loan products</source>
        <translation>贷款产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="122"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="263"/>
        <source>Restore the shipped catalogue</source>
        <translation>恢复出厂目录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="127"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="127"/>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="224"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="127"/>
        <source>Amount (yuan)</source>
        <translation>额度（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="128"/>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="128"/>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="234"/>
        <source>Annual rate</source>
        <translation>年利率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="128"/>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="236"/>
        <source>Repayment methods</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="129"/>
        <source>Guarantee needed</source>
        <translation>需要担保</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="129"/>
        <source>Insurance needed</source>
        <translation>需要保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="129"/>
        <source>Fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="167"/>
        <source>A cooperative guarantee is required</source>
        <translation>需要合作社担保</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="169"/>
        <source>Weather-index insurance is required</source>
        <translation>需要投保气象指数保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="210"/>
        <source>yuan, plus</source>
        <translation>元，另加</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="212"/>
        <source>% of the amount</source>
        <translation>%（按贷款金额计）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="225"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="226"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="228"/>
        <source>Amount</source>
        <translation>额度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="228"/>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="231"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="229"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="231"/>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="232"/>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="234"/>
        <source>% a year</source>
        <translation>%（年）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="237"/>
        <source>Usual repayment method</source>
        <translation>默认还款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="239"/>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="241"/>
        <source>Fees paid up front</source>
        <translation>放款时收取的费用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="273"/>
        <source>The edited catalogue stored in the database has problems and is not used; the catalogue shipped with the app (version %1) is in use. Save a corrected catalogue to replace it.</source>
        <translation>数据库里保存的修改版目录有问题，没有使用；现在用的是软件自带的目录（第 %1 版）。请保存一份改正后的目录来替换它。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="277"/>
        <source>In use: the catalogue edited at this station, version %1 (saved %2 by %3).</source>
        <translation>正在使用：本站修改过的目录，第 %1 版（%3 于 %2 保存）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="279"/>
        <source>In use: the catalogue edited at this station, version %1.</source>
        <translation>正在使用：本站修改过的目录，第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="280"/>
        <source>In use: the catalogue shipped with the app, version %1 (restored %2 by %3).</source>
        <translation>正在使用：软件自带的目录，第 %1 版（%3 于 %2 恢复）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="282"/>
        <source>In use: the catalogue shipped with the app, version %1.</source>
        <translation>正在使用：软件自带的目录，第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="317"/>
        <source>Saving makes version %1</source>
        <translation>保存后为第 %1 版</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="330"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="330"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="341"/>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="343"/>
        <source>%1 % of the amount</source>
        <translation>贷款金额的 %1%</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="357"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="478"/>
        <source>Enter the Chinese name.</source>
        <translation>请填写中文名称。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="480"/>
        <source>Enter the English name.</source>
        <translation>请填写英文名称。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="484"/>
        <source>Enter the lowest and the highest amount in yuan, for example 3000 and 300000.</source>
        <translation>请填写最低和最高额度（元），例如 3000 和 300000。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="487"/>
        <source>The lowest amount must be above 0 yuan.</source>
        <translation>最低额度必须大于 0 元。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="489"/>
        <source>The lowest amount (%1 yuan) is above the highest amount (%2 yuan).</source>
        <translation>最低额度（%1 元）比最高额度（%2 元）还高。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="494"/>
        <source>The shortest term (%1 months) is longer than the longest term (%2 months).</source>
        <translation>最短期限（%1 个月）比最长期限（%2 个月）还长。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="499"/>
        <source>Enter the annual rate in percent, for example 4.35.</source>
        <translation>请按百分数填写年利率，例如 4.35。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="501"/>
        <source>The annual rate must be between 0 and 24 % (it is %1 %).</source>
        <translation>年利率要在 0 到 24% 之间（现在是 %1%）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="505"/>
        <source>Tick at least one repayment method.</source>
        <translation>请至少勾选一种还款方式。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="507"/>
        <source>The usual repayment method must be one of the ticked methods.</source>
        <translation>默认还款方式必须是勾选了的方式之一。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="511"/>
        <source>Enter the fixed fee in yuan (0 if there is none).</source>
        <translation>请填写固定费用（元），没有就填 0。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="514"/>
        <source>Enter the fee as a percent of the amount (0 if there is none).</source>
        <translation>请按贷款金额的百分数填写费率，没有就填 0。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="517"/>
        <source>The fee may be at most 50 % of the amount.</source>
        <translation>费用最多是贷款金额的 50%。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="267"/>
        <source>Saved. The loan products in use are now version %1.</source>
        <translation>已保存。现在使用的贷款产品是第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="268"/>
        <source>The loan products were not saved. Please correct these problems (your changes are still here):</source>
        <translation>贷款产品没有保存。请改正下面的问题（您的修改都还在）：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="264"/>
        <source>Use the loan products shipped with the app again? The edited catalogue stops being used (it stays in the records), and changes not saved yet are lost.</source>
        <translation>要重新使用软件自带的贷款产品吗？修改过的目录将不再使用（记录里仍然保留），还没有保存的修改会丢失。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="270"/>
        <source>The loan products shipped with the app (version %1) are in use again.</source>
        <translation>已恢复使用软件自带的贷款产品（第 %1 版）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/loan_products_screen.py" line="272"/>
        <source>The shipped catalogue could not be restored:</source>
        <translation>没能恢复出厂目录：</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../station_app/ui/login.py" line="47"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="62"/>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="63"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="112"/>
        <source>Station app</source>
        <translation>服务站系统</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="129"/>
        <source>The screen was locked after a period of inactivity. Enter the password to continue, or log in as another user.</source>
        <translation>一段时间没有操作，屏幕已锁定。输入密码继续，或换其他账号登录。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="132"/>
        <source>Rural e-commerce finance service station</source>
        <translation>农村电商金融服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="152"/>
        <source>Opening the database… you are logged in as soon as it is open.</source>
        <translation>正在打开数据库……打开后马上为您登录。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="118"/>
        <source>Demo station: log in as admin, tutor, specialist or branch, password %1.</source>
        <translation>演示站：可用 admin、tutor、specialist 或 branch 登录，密码 %1。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="147"/>
        <source>Please enter the user name and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="210"/>
        <source>Station app — rural e-commerce finance service station</source>
        <translation>农村电商金融服务站系统</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="247"/>
        <source>Lock screen</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="250"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="252"/>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="388"/>
        <source>%1 insurance claim(s) computed from the weather data; see the insurance page.</source>
        <translation>已根据气象数据计算出 %1 笔保险理赔，请到“保险”页查看。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="392"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="437"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="440"/>
        <source>Credit scores</source>
        <translation>信用分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="442"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="444"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="445"/>
        <source>Check a document</source>
        <translation>验证文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="452"/>
        <source>Loan products</source>
        <translation>贷款产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="454"/>
        <source>Weather data</source>
        <translation>天气数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="456"/>
        <source>Backups</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="457"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="382"/>
        <source> · demo data</source>
        <translation> · 演示数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="438"/>
        <source>Farmers</source>
        <translation>农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="439"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="447"/>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="451"/>
        <source>Crop calendar</source>
        <translation>作物日历</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="98"/>
        <source>Map the columns: %1</source>
        <translation>对应列：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="103"/>
        <source>This table&apos;s layout is not known yet. For each item below, choose the column of the file that holds it. Items marked * must be chosen. The choice is saved, so the next file like this one is recognised by itself.</source>
        <translation>这种表格的格式软件还不认识。请为下面每一项选出文件里对应的那一列，带 * 的必须选。选好后会保存下来，以后同样的表格就能自动认出来。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="109"/>
        <source>Reading the first rows of the file…</source>
        <translation>正在读取文件的前几行…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="111"/>
        <source>The first rows of the file:</source>
        <translation>文件的前几行：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="118"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="119"/>
        <source>Product</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="120"/>
        <source>Quantity</source>
        <translation>商品数量</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="121"/>
        <source>Amount paid (yuan)</source>
        <translation>实付金额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="122"/>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="123"/>
        <source>Order time</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="124"/>
        <source>Shipping time</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="125"/>
        <source>Receipt time</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="126"/>
        <source>After-sales status</source>
        <translation>售后状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="127"/>
        <source>Refund amount (yuan)</source>
        <translation>退款金额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="128"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="131"/>
        <source>Each order&apos;s own number</source>
        <translation>每个订单自己的编号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="132"/>
        <source>What the buyer paid for the order</source>
        <translation>买家为这个订单实际付的钱</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="133"/>
        <source>For example paid, shipped, completed</source>
        <translation>例如：已付款、已发货、已完成</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="134"/>
        <source>When the order was placed</source>
        <translation>买家下单的时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="135"/>
        <source>Only a code is kept, never the name</source>
        <translation>只保存一个代号，不保存姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="138"/>
        <source>Which column holds what</source>
        <translation>每一项在哪一列</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="159"/>
        <source>What the order statuses of this file mean</source>
        <translation>文件里的订单状态分别是什么意思</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="162"/>
        <source>What the after-sales statuses of this file mean</source>
        <translation>文件里的售后状态分别是什么意思</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="167"/>
        <source>For example: community group-buying orders</source>
        <translation>例如：社区团购订单表</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="174"/>
        <source>Name of this layout</source>
        <translation>给这种表格起个名字</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="176"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="177"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="194"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="196"/>
        <source>Save and use</source>
        <translation>保存并使用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="253"/>
        <source>— choose a column —</source>
        <translation>— 请选择一列 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="254"/>
        <source>— not in this file —</source>
        <translation>— 文件里没有这一项 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="257"/>
        <source>%1   (e.g. %2)</source>
        <translation>%1&#x3000;（例如：%2）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="259"/>
        <source>%1   (empty in the first rows)</source>
        <translation>%1&#x3000;（前几行是空的）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="306"/>
        <source>Not paid yet</source>
        <translation>还没付款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="307"/>
        <source>Paid, not shipped yet</source>
        <translation>已付款，还没发货</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="308"/>
        <source>Shipped, on the way</source>
        <translation>已发货，在路上</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="309"/>
        <source>Received by the buyer</source>
        <translation>买家已签收</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="310"/>
        <source>Completed</source>
        <translation>交易完成</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="311"/>
        <source>Cancelled before payment</source>
        <translation>没付款就取消了</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="312"/>
        <source>Closed after payment (money returned)</source>
        <translation>付款后关闭（钱已退回）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="317"/>
        <source>No after-sales</source>
        <translation>没有售后</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="318"/>
        <source>After-sales asked for</source>
        <translation>买家申请了售后</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="319"/>
        <source>Refund in progress</source>
        <translation>正在退款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="320"/>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="321"/>
        <source>Refused or withdrawn</source>
        <translation>售后被拒绝或已撤销</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="347"/>
        <source>Choose the column of the order status first.</source>
        <translation>请先在上面选出“订单状态”是哪一列。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="355"/>
        <source>The column “%1” has more than %2 different values; it is probably not a status column. Choose another column.</source>
        <translation>“%1”这一列有超过 %2 种不同的内容，看来不是状态列，请换一列。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="360"/>
        <source>The column “%1” is empty in the first rows.</source>
        <translation>“%1”这一列在前几行里都是空的。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="362"/>
        <source>These values appear in the column “%1”. Choose what each one means.</source>
        <translation>“%1”这一列里有下面这些内容，请为每一个选出它的意思。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="368"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="374"/>
        <source>— choose what it means —</source>
        <translation>— 请选择意思 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="401"/>
        <source>Choose the column that holds “%1”.</source>
        <translation>请选出“%1”在哪一列。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="409"/>
        <source>The column “%1” is chosen for both “%2” and “%3”. A column can be used for one item only.</source>
        <translation>“%1”这一列同时选给了“%2”和“%3”。一列只能对应一项。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="415"/>
        <source>The order status column has too many different values; choose the right column.</source>
        <translation>选作订单状态的那一列内容太杂，请选对订单状态列。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="419"/>
        <source>Choose what the order status “%1” means.</source>
        <translation>请选出订单状态“%1”是什么意思。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="424"/>
        <source>Choose what the after-sales status “%1” means.</source>
        <translation>请选出售后状态“%1”是什么意思。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="427"/>
        <source>Type a name for this layout, so you can tell it apart later.</source>
        <translation>请给这种表格起个名字，方便以后认出来。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/mapping_dialog.py" line="470"/>
        <source>The layout could not be saved: %1</source>
        <translation>没能保存这个格式：%1</translation>
    </message>
</context>
<context>
    <name>MonthlyTotalDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="112"/>
        <source>Monthly sales: %1</source>
        <translation>月度销售：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="120"/>
        <source>Month *</source>
        <translation>月份 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="121"/>
        <source>A month typed again replaces what was typed before.</source>
        <translation>同一个月再填一次，会覆盖上次填的数字。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="124"/>
        <source>Orders *</source>
        <translation>订单数 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="125"/>
        <source>Sales (yuan) *</source>
        <translation>销售额（元）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="126"/>
        <source>Refunds (yuan)</source>
        <translation>退款额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="141"/>
        <source>Please enter the month&apos;s sales in yuan.</source>
        <translation>请填写这个月的销售额（元）。</translation>
    </message>
</context>
<context>
    <name>NewShopDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="48"/>
        <source>Add an online shop</source>
        <translation>添加网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="48"/>
        <source>Correct the shop</source>
        <translation>修改网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="62"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="63"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="64"/>
        <source>Opened on</source>
        <translation>开店日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="69"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="76"/>
        <source>The platform cannot change: its orders were imported in this platform&apos;s layout.</source>
        <translation>平台不能改：这家网店的订单是按这个平台的格式导入的。</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="31"/>
        <source>New staff account</source>
        <translation>新建员工账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="41"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="42"/>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="43"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="44"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="50"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>OpeningPage</name>
    <message>
        <location filename="../../station_app/ui/startup.py" line="120"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库……</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/startup.py" line="122"/>
        <source>The first start, or the first after an update, can take a little longer.</source>
        <translation>第一次启动或程序更新后的第一次启动，需要稍等一会儿。</translation>
    </message>
</context>
<context>
    <name>PdfPrinting</name>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="228"/>
        <source>Printing page %1 of %2…</source>
        <translation>正在打印第 %1 页，共 %2 页…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="231"/>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="233"/>
        <source>Stop printing</source>
        <translation>停止打印</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/pdf_printing.py" line="267"/>
        <source>Print “%1”: choose the printer, the pages and the copies</source>
        <translation>打印“%1”：请选择打印机、页码和份数</translation>
    </message>
</context>
<context>
    <name>PlantingPanel</name>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="43"/>
        <location filename="../../station_app/ui/planting/panel.py" line="59"/>
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="43"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="43"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="44"/>
        <source>Certificate no.</source>
        <translation>承包经营权证号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="44"/>
        <source>Seasons</source>
        <translation>种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="46"/>
        <source>Add plot</source>
        <translation>添加地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="48"/>
        <source>Edit plot</source>
        <translation>修改地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="50"/>
        <source>Delete plot</source>
        <translation>删除地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="52"/>
        <source>Plots</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="59"/>
        <source>Crop</source>
        <translation>作物</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="59"/>
        <source>Planted</source>
        <translation>种植日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="59"/>
        <source>Expected harvest</source>
        <translation>预计收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="60"/>
        <source>Mu</source>
        <translation>亩</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="60"/>
        <source>Expected kg</source>
        <translation>预计产量（公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="60"/>
        <source>Harvested kg</source>
        <translation>已收获（公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="60"/>
        <source>Online %</source>
        <translation>网销 %</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="61"/>
        <source>Quality %</source>
        <translation>合格率 %</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="61"/>
        <source>Costs (yuan)</source>
        <translation>投入（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="62"/>
        <source>Add season</source>
        <translation>添加种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="64"/>
        <source>Edit season</source>
        <translation>修改种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="66"/>
        <source>Delete season</source>
        <translation>删除种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="68"/>
        <source>Record harvest</source>
        <translation>记录收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="70"/>
        <source>Add cost</source>
        <translation>添加投入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="72"/>
        <source>Harvests and costs…</source>
        <translation>收获和投入…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="74"/>
        <source>Planting seasons</source>
        <translation>种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="147"/>
        <source>Land: %1 mu</source>
        <translation>土地：%1 亩</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="148"/>
        <source>Seasons in the last 12 months: %1</source>
        <translation>近 12 个月种植季：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="150"/>
        <source>Harvest stability: %1</source>
        <translation>收成稳定度：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="152"/>
        <source>Sold online: %1%</source>
        <translation>网上销售占比：%1%</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="154"/>
        <source>Quality pass rate: %1%</source>
        <translation>质检合格率：%1%</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="156"/>
        <source> (%1% against the season before)</source>
        <translation>（比上一季 %1%）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="244"/>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="249"/>
        <source>Delete the plot “%1”?</source>
        <translation>删除地块“%1”吗？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/panel.py" line="263"/>
        <source>Delete the %1 season planted on %2, with its harvests and costs?</source>
        <translation>删除 %2 种下的这一季%1吗？它的收获和投入记录也会一起删除。</translation>
    </message>
</context>
<context>
    <name>PlotForm</name>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="32"/>
        <source>Edit plot</source>
        <translation>修改地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="32"/>
        <source>Add a plot</source>
        <translation>添加地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="35"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="36"/>
        <source>Something the farmer recognises, e.g. “paddy east of the village”.</source>
        <translation>用农户自己认得的叫法，例如“村东头水田”。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="37"/>
        <source>Area (mu) *</source>
        <translation>面积（亩）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="38"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="39"/>
        <source>latitude, e.g. 34.16</source>
        <translation>纬度，例如 34.16</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="40"/>
        <source>longitude, e.g. 108.90</source>
        <translation>经度，例如 108.90</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="41"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="42"/>
        <source>Optional. From a phone map: latitude first, then longitude.</source>
        <translation>可以不填。从手机地图上看：先填纬度，再填经度。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="43"/>
        <source>Land contract certificate no.</source>
        <translation>土地承包经营权证编号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="45"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>PoliciesList</name>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="34"/>
        <source>%1 policies</source>
        <translation>共 %1 份保单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="37"/>
        <source>Waiting for the policy</source>
        <translation>等待出单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="38"/>
        <source>Policies in force</source>
        <translation>保障中的保单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="41"/>
        <source>Filed</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="41"/>
        <source>Farmer</source>
        <translation>农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="41"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="41"/>
        <source>Season</source>
        <translation>保险年度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="42"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="42"/>
        <source>Farmer pays</source>
        <translation>农户自缴</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="42"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="43"/>
        <source>Paid out</source>
        <translation>已赔付</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="60"/>
        <source>%1 new claim(s) computed from the weather data.</source>
        <translation>已按天气数据算出 %1 笔新的理赔。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="63"/>
        <source>Claim notice ready to print: %1</source>
        <translation>理赔通知书已生成，可以打印：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policies_screen.py" line="67"/>
        <source>Policy %1, %2: the weather data is incomplete (%3 day(s) missing); the claim waits for it.</source>
        <translation>保单 %1 的“%2”：天气数据不全（缺 %3 天），理赔等数据补齐后再算。</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="83"/>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="86"/>
        <source>Index</source>
        <translation>保险责任</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="83"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="84"/>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="84"/>
        <source>What pays</source>
        <translation>怎样赔</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="86"/>
        <source>Phase</source>
        <translation>保险期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="86"/>
        <source>Measured</source>
        <translation>实测指数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="86"/>
        <source>Per mu</source>
        <translation>每亩赔款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="87"/>
        <source>Payout</source>
        <translation>赔款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="87"/>
        <source>To the loan</source>
        <translation>用于还贷</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="87"/>
        <source>To the farmer</source>
        <translation>付给农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="88"/>
        <source>Cover</source>
        <translation>保险责任</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="89"/>
        <source>Claims</source>
        <translation>理赔</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="103"/>
        <source>%1 mu · season %2 · sum insured %3 (%4)</source>
        <translation>%1 亩 · %2 年度 · 保险金额 %3（%4）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="107"/>
        <source>Premium %1: %2</source>
        <translation>保费 %1：%2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="109"/>
        <source>Weather station %1 · application no. %2 · filed by %3 on %4</source>
        <translation>气象站 %1 · 投保单号 %2 · %3 于 %4 办理</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="115"/>
        <source>&lt;b&gt;Policy no. %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;保单号 %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="117"/>
        <source>Payouts first repay the assigned planting loan.</source>
        <translation>赔款优先偿还指定的种植贷款。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="119"/>
        <source>&lt;b&gt;Paid out so far: %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;已赔付：%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="154"/>
        <source>Print the application form</source>
        <translation>打印投保单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="156"/>
        <source>Print the policy certificate</source>
        <translation>打印保险凭证</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/insurance/policy_dialog.py" line="158"/>
        <source>Print the claim notice</source>
        <translation>打印理赔通知书</translation>
    </message>
</context>
<context>
    <name>QuoteDialog</name>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="40"/>
        <source>Loan quote</source>
        <translation>贷款试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="54"/>
        <source>blank: the most that can be lent</source>
        <translation>不填：按最多能贷的金额试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="56"/>
        <source>Quote</source>
        <translation>试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="59"/>
        <source>Product</source>
        <translation>贷款产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="60"/>
        <source>For the season</source>
        <translation>用于哪一季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="61"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="62"/>
        <source>Repayment</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="68"/>
        <source>Due</source>
        <translation>还款日</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="68"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="69"/>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="69"/>
        <source>Payment</source>
        <translation>应还</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="70"/>
        <source>Balance after</source>
        <translation>还后余额</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="74"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="75"/>
        <source>File this application</source>
        <translation>提交贷款申请</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="77"/>
        <source>Saves the application with these terms and sends it to the branch for a decision.</source>
        <translation>按这个试算结果保存贷款申请，并提交给支行审批。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="86"/>
        <source>A quote saves nothing: it shows what could be lent today and on which terms.</source>
        <translation>试算不保存任何内容，只显示今天能贷多少、按什么条件还。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="117"/>
        <source>Type the amount in yuan, e.g. 50000, or leave it blank.</source>
        <translation>请按元填写金额，例如 50000，或者不填。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="123"/>
        <source>Record a planting season first (Planting tab): the loan is for one season.</source>
        <translation>请先在“种植”标签里登记这一季的种植：贷款是按季发放的。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="152"/>
        <source>&lt;b&gt;Can be lent: %1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;可以贷：%1&lt;/b&gt;（%2）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="154"/>
        <source>&lt;b&gt;Annualized rate %1&lt;/b&gt; (IRR method, all fees included) · contract rate %2 a year</source>
        <translation>&lt;b&gt;年化利率 %1&lt;/b&gt;（按内部收益率法计算，含全部费用）· 合同年利率 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="157"/>
        <source>%1 months, %2, due %3 · interest %4 · to repay %5</source>
        <translation>期限 %1 个月，%2，%3 到期 · 利息 %4 · 共需还 %5</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="163"/>
        <source>&lt;b&gt;This loan cannot be offered now:&lt;/b&gt;</source>
        <translation>&lt;b&gt;现在还不能办理这笔贷款：&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/quote_dialog.py" line="166"/>
        <source>The most that could be lent: %1</source>
        <translation>最多能贷：%1</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../station_app/ui/forms.py" line="80"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms.py" line="82"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RecordList</name>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="60"/>
        <source>All</source>
        <extracomment>Object names: ``&lt;name&gt;_filter``, ``&lt;name&gt;_count``, ``&lt;name&gt;_table``, ``&lt;name&gt;_open``. What ``state.announce`` says after an opened dialog recorded something. The filter whoever decides starts from (their work queue); everyone else sees all. Columns of numbers, aligned right.</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="71"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="73"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="76"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="213"/>
        <source>%1 applications</source>
        <translation>共 %1 笔</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/record_list.py" line="231"/>
        <source>Export the list</source>
        <translation>导出列表</translation>
    </message>
</context>
<context>
    <name>RefDocEditor</name>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="94"/>
        <source>Unsaved changes</source>
        <translation>有修改尚未保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="108"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="110"/>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="278"/>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="232"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="241"/>
        <source>Nothing was saved. Please correct these problems (your changes are still here):</source>
        <translation>没有保存。请改正下面的问题（您的修改都还在）：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/refdoc_editor.py" line="279"/>
        <source>Throw away the changes that are not saved yet?</source>
        <translation>要放弃还没有保存的修改吗？</translation>
    </message>
</context>
<context>
    <name>RepaymentDialog</name>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="69"/>
        <source>Record a repayment</source>
        <extracomment>Colours of the state badge (good, waiting, attention, finished). Before the branch&apos;s decision there is no contract to print.</extracomment>
        <translation>登记还款</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="72"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="77"/>
        <source>pays everything off today: %1</source>
        <translation>今天一次还清需 %1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="78"/>
        <source>Paid on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="82"/>
        <source>Paid by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="83"/>
        <source>Receipt or transfer no.</source>
        <translation>收据号或转账流水号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="85"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/loans/application_dialog.py" line="90"/>
        <source>Type the amount received, e.g. 1520.50.</source>
        <translation>请填写收到的金额，例如 1520.50。</translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="25"/>
        <source>Online sales</source>
        <translation>网店销售</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="34"/>
        <source>Sales, last 12 months (yuan)</source>
        <translation>近 12 个月销售额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="35"/>
        <source>Orders per month</source>
        <translation>月均订单数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="36"/>
        <source>Refund rate</source>
        <translation>退货退款率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="37"/>
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="38"/>
        <source>Shipped within 48 h</source>
        <translation>48 小时内发货率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="39"/>
        <source>Orders completed</source>
        <translation>订单完成率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="40"/>
        <source>Monthly sales variation</source>
        <translation>月销售额波动</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="41"/>
        <source>Shop age (days)</source>
        <translation>开店天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="72"/>
        <source>Monthly sales (yuan), %1 to %2</source>
        <translation>每月销售额（元），%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="76"/>
        <source>Sales (yuan)</source>
        <translation>销售额（元）</translation>
    </message>
</context>
<context>
    <name>ScoreDistributionScreen</name>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="59"/>
        <source>Credit scores of the station</source>
        <translation>本站农户信用分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="67"/>
        <source>Score every farmer again</source>
        <translation>给所有农户重新评分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="69"/>
        <source>Load a new model file…</source>
        <translation>载入新的评分模型文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="120"/>
        <source>%1 of %2 farmers have a score (their latest one counts). Model %3 version %4.</source>
        <translation>%2 位农户中有 %1 位已有信用分（按每人最近一次计）。评分模型 %3 第 %4 版。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="124"/>
        <source>Farmers per grade</source>
        <translation>各等级农户人数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="128"/>
        <source>Farmers per score band</source>
        <translation>各分数段农户人数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="157"/>
        <source>%1 farmers scored; %2 had a new score.</source>
        <translation>已为 %1 位农户评分，其中 %2 位的分数有变化。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="163"/>
        <source>Scorecard model file</source>
        <translation>评分模型文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="164"/>
        <source>Model files (*.json)</source>
        <translation>模型文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="174"/>
        <source>The model was not loaded; the previous one stays in use.</source>
        <translation>新模型没有载入，仍然使用原来的模型。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/distribution_screen.py" line="177"/>
        <source>Model %1 version %2 is in use now.</source>
        <translation>现在使用评分模型 %1 第 %2 版。</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="61"/>
        <source>Print credit report</source>
        <translation>打印信用报告</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="76"/>
        <source>Loan quote…</source>
        <translation>贷款试算…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="80"/>
        <source>Insurance quote…</source>
        <translation>保险试算…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="87"/>
        <source>Each part of the score</source>
        <translation>各项得分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="92"/>
        <source>What lowers the score, and how to improve</source>
        <translation>哪些拉低了分数，怎样提高</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="126"/>
        <source>What if…? Try a different value</source>
        <translation>如果……会怎样？换一个数试试</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="134"/>
        <source>Try</source>
        <translation>试算</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="144"/>
        <source>Nothing is saved: this only shows what the score and the limit would be.</source>
        <translation>不会保存任何内容，只显示分数和额度会变成多少。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="156"/>
        <source>History</source>
        <translation>历次评分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="159"/>
        <source>Scored</source>
        <translation>评分时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="159"/>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="159"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="159"/>
        <source>Limit</source>
        <translation>额度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="263"/>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="265"/>
        <source>Declined: no credit limit</source>
        <translation>暂不提供贷款额度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="266"/>
        <source>Suggested credit limit: %1</source>
        <translation>建议贷款额度：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="269"/>
        <source>scored %1</source>
        <translation>%1 评分</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="270"/>
        <source>not saved: a finance specialist saves scores</source>
        <translation>未保存：信用分由金融专员保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="271"/>
        <source>Model %1 version %2 · %3</source>
        <translation>评分模型 %1 第 %2 版 · %3</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="297"/>
        <source>Every part of the score is at its best.</source>
        <translation>各项都已经是最高分。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="332"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="332"/>
        <source>mu</source>
        <translation>亩</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="333"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="333"/>
        <source>sessions</source>
        <translation>次</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="334"/>
        <source>orders per month</source>
        <translation>单/月</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="335"/>
        <source>yes / no</source>
        <translation>是 / 否</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="352"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="352"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="376"/>
        <source>Please type a number (for a share, in per cent: 95 means 95%).</source>
        <translation>请填一个数字（比例按百分数填，95 就是 95%）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="382"/>
        <source>With %1 = %2: score %3 → %4 (%5), grade %6 → %7, limit %8 → %9</source>
        <translation>如果%1为 %2：分数 %3 → %4（%5），等级 %6 → %7，额度 %8 → %9</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="418"/>
        <source>Making the credit report…</source>
        <translation>正在生成信用报告…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/scoring/score_panel.py" line="428"/>
        <source>Credit report %1 is ready: %2</source>
        <translation>信用报告 %1 已生成：%2</translation>
    </message>
</context>
<context>
    <name>SeasonForm</name>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="92"/>
        <source>Edit planting season</source>
        <translation>修改种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="93"/>
        <source>Add a planting season</source>
        <translation>添加种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="97"/>
        <source>Plot *</source>
        <translation>地块 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="99"/>
        <source>%1 (%2 mu)</source>
        <translation>%1（%2 亩）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="100"/>
        <source>Crop *</source>
        <translation>作物 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="103"/>
        <source>Variety</source>
        <translation>品种</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="104"/>
        <source>Planting date *</source>
        <translation>种植日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="105"/>
        <source>Area planted (mu) *</source>
        <translation>种植面积（亩）*</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="106"/>
        <source>Expected harvest</source>
        <translation>预计收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="108"/>
        <source>Expected yield (kg per mu)</source>
        <translation>预计亩产（公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="110"/>
        <source>Expected price (yuan per kg)</source>
        <translation>预计单价（元/公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="112"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/forms.py" line="173"/>
        <source>Crop calendar: %1 days from %2 to harvest. Phases: %3</source>
        <translation>作物日历：从%2到收获约 %1 天。生长阶段：%3</translation>
    </message>
</context>
<context>
    <name>SeasonRecordsDialog</name>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="37"/>
        <source>Harvests and costs: %1, planted %2</source>
        <translation>收获和投入：%1（%2 种植）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="41"/>
        <source>Choose a line to correct or delete it. Everything changed is kept in the record&apos;s history.</source>
        <translation>点一行，就可以改正或删除它。所有改动都会留在记录的历史里。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="46"/>
        <source>Harvested on</source>
        <translation>收获日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="46"/>
        <source>Yield (kg)</source>
        <translation>产量（公斤）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="46"/>
        <source>Sold online (%)</source>
        <translation>网上卖出（%）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="47"/>
        <source>Quality pass rate (%)</source>
        <translation>质检合格率（%）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="47"/>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="58"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="48"/>
        <source>Correct harvest…</source>
        <translation>改正收获…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="50"/>
        <source>Delete harvest</source>
        <translation>删除收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="52"/>
        <source>Harvests</source>
        <translation>收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="58"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="58"/>
        <source>Spent on</source>
        <translation>用在哪里</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="58"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="59"/>
        <source>Delete cost</source>
        <translation>删除投入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="61"/>
        <source>Input costs</source>
        <translation>投入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="66"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="135"/>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="141"/>
        <source>Delete the harvest of %1 (%2 kg)?</source>
        <translation>删除 %1 的收获记录（%2 公斤）吗？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/planting/records_dialog.py" line="156"/>
        <source>Delete the cost of %1 yuan (%2, %3)?</source>
        <translation>删除这笔 %1 元的投入（%2，%3）吗？</translation>
    </message>
</context>
<context>
    <name>SessionForm</name>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="49"/>
        <source>Edit training session</source>
        <translation>修改培训记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="50"/>
        <source>New training session</source>
        <translation>新建培训记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="65"/>
        <source>for example: Selling apples on Pinduoduo</source>
        <translation>例如：在拼多多上卖苹果</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="72"/>
        <source>for example: village committee hall</source>
        <translation>例如：村委会会议室</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="77"/>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="78"/>
        <source>not recorded</source>
        <translation>没有记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="95"/>
        <source>Date *</source>
        <translation>培训日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="96"/>
        <source>Topic *</source>
        <translation>培训主题 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="97"/>
        <source>Taught by *</source>
        <translation>授课人 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="98"/>
        <source>Place</source>
        <translation>培训地点</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="99"/>
        <source>Length</source>
        <translation>培训时长</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="100"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="109"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/session_form.py" line="111"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ShopsPanel</name>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="160"/>
        <source>Online shops</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="163"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="163"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="164"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="164"/>
        <source>Last order</source>
        <translation>最近订单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="170"/>
        <source>Add shop</source>
        <translation>添加网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="172"/>
        <source>Correct shop…</source>
        <translation>修改网店…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="174"/>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="176"/>
        <source>Type monthly sales</source>
        <translation>填写月度销售</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="40"/>
        <source>Open the sync page</source>
        <translation>打开同步页面</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="59"/>
        <source>Not connected to a server</source>
        <translation>未连接服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="63"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="66"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="69"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="72"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="74"/>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="76"/>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="77"/>
        <source>%1 to send</source>
        <translation>待发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="79"/>
        <source>%1 need attention</source>
        <translation>%1 条需处理</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/indicator.py" line="81"/>
        <source>%1 conflicts</source>
        <translation>%1 处冲突</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="55"/>
        <source>Sync with the central server</source>
        <translation>与中心服务器同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="64"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="65"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="66"/>
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="67"/>
        <source>Changes waiting to be sent</source>
        <translation>等待发送的修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="68"/>
        <location filename="../../station_app/ui/sync/screen.py" line="93"/>
        <source>Changes the server refused</source>
        <translation>服务器拒收的修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="69"/>
        <source>Conflicts to look at</source>
        <translation>待查看的冲突</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="71"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="73"/>
        <location filename="../../station_app/ui/sync/screen.py" line="198"/>
        <source>Connect to server…</source>
        <translation>连接服务器…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="87"/>
        <location filename="../../station_app/ui/sync/screen.py" line="110"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="87"/>
        <source>Change</source>
        <translation>修改类型</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="87"/>
        <source>Made</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="87"/>
        <source>Server&apos;s reason</source>
        <translation>服务器给出的原因</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="88"/>
        <source>Tries</source>
        <translation>发送次数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="89"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="91"/>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="96"/>
        <source>Later changes of the same record wait until each of these is retried or discarded. Discarding keeps the record on this computer but never sends this change.</source>
        <translation>同一条记录后来的修改会一直等着，直到这里的每一条被重试或放弃。放弃后，记录仍保留在本机，但这次修改不会再发送。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="110"/>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="110"/>
        <source>Value kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="110"/>
        <source>Value replaced</source>
        <translation>被替换的值</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="111"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="111"/>
        <source>Whose value was replaced</source>
        <translation>谁的值被替换</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="117"/>
        <source>Keep mine</source>
        <translation>用本机的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="119"/>
        <source>Keep theirs</source>
        <translation>用对方的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="121"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="124"/>
        <source>The same item was changed here and elsewhere; the later change was kept. “Keep mine” puts this computer&apos;s value back, “Keep theirs” accepts the other one.</source>
        <translation>同一项内容在本机和别处都改过，系统保留了较晚的修改。点“用本机的”恢复本机的值，点“用对方的”接受另一边的值。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="190"/>
        <source>(not connected)</source>
        <translation>（未连接）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="192"/>
        <source>never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="197"/>
        <source>Connect again…</source>
        <translation>重新连接…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="203"/>
        <source>This computer is not connected to a central server yet. Everything works offline; an administrator can connect it with “Connect to server…”.</source>
        <translation>这台电脑还没有连接中心服务器。所有功能都可以离线使用；管理员可以点“连接服务器…”进行连接。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="213"/>
        <location filename="../../station_app/ui/sync/screen.py" line="221"/>
        <source>Not connected to a server</source>
        <translation>未连接服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="215"/>
        <location filename="../../station_app/ui/sync/screen.py" line="420"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="217"/>
        <source>Offline — the server cannot be reached</source>
        <translation>离线——连不上服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="218"/>
        <source>Waiting to try again</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="219"/>
        <location filename="../../station_app/ui/sync/screen.py" line="429"/>
        <source>Sending changes…</source>
        <translation>正在发送修改…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="220"/>
        <location filename="../../station_app/ui/sync/screen.py" line="430"/>
        <source>Receiving changes…</source>
        <translation>正在接收修改…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="226"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="228"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="231"/>
        <source> (next try in %1 s)</source>
        <translation>（%1 秒后重试）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="286"/>
        <source>Farmer</source>
        <translation>农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="286"/>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="287"/>
        <location filename="../../station_app/ui/sync/screen.py" line="304"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="287"/>
        <source>Staff account</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="288"/>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="288"/>
        <source>Online shop</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="289"/>
        <source>Order import</source>
        <translation>订单导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="289"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="290"/>
        <source>Monthly sales</source>
        <translation>月度销售</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="290"/>
        <source>Reference data</source>
        <translation>参考资料</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="291"/>
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="291"/>
        <source>Planting season</source>
        <translation>种植季</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="292"/>
        <source>Harvest</source>
        <translation>收获</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="292"/>
        <source>Input cost</source>
        <translation>投入成本</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="293"/>
        <source>Training session</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="294"/>
        <source>Training attendance</source>
        <translation>培训签到</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="299"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="299"/>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="300"/>
        <location filename="../../station_app/ui/sync/screen.py" line="309"/>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="300"/>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="304"/>
        <location filename="../../station_app/ui/sync/screen.py" line="310"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="304"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="305"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="305"/>
        <source>Address</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="306"/>
        <source>Household size</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="306"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="307"/>
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="307"/>
        <location filename="../../station_app/ui/sync/screen.py" line="308"/>
        <source>Mobile phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="308"/>
        <location filename="../../station_app/ui/sync/screen.py" line="309"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="310"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="311"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="311"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="312"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="313"/>
        <source>The whole record (it clashes with one on this computer)</source>
        <translation>整条记录（和本机的一条记录冲突，未能保存）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="319"/>
        <source>(encrypted)</source>
        <translation>（已加密）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="319"/>
        <location filename="../../station_app/ui/sync/screen.py" line="321"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="323"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="323"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="327"/>
        <source>This computer&apos;s</source>
        <translation>本机的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="327"/>
        <source>The server&apos;s</source>
        <translation>服务器的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="373"/>
        <source>Discard this change?</source>
        <translation>放弃这次修改？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="374"/>
        <source>“%1” will stay on this computer as it is, but this change will never reach the server. This cannot be undone.</source>
        <translation>“%1”会原样保留在本机，但这次修改永远不会发到服务器。此操作不能撤销。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="378"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="379"/>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="427"/>
        <source>Sending %v of %m</source>
        <translation>正在发送 %v / %m</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="427"/>
        <source>Receiving %v</source>
        <translation>已接收 %v 条</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="433"/>
        <source>Sync finished: %1 sent, %2 received.</source>
        <translation>同步完成：发送 %1 条，接收 %2 条。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync/screen.py" line="444"/>
        <source>The sync stopped because of an unexpected problem; it will try again by itself. Details are in the log.</source>
        <translation>同步因意外问题中断了，稍后会自动重试。详细情况已记入日志。</translation>
    </message>
</context>
<context>
    <name>TrainingScreen</name>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="49"/>
        <source>New session</source>
        <translation>新建培训</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="52"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="54"/>
        <source>Attendance…</source>
        <translation>登记签到…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="56"/>
        <location filename="../../station_app/ui/training/screen.py" line="315"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="64"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="64"/>
        <source>Topic</source>
        <translation>培训主题</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="64"/>
        <source>Taught by</source>
        <translation>授课人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="64"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="65"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="65"/>
        <source>Attendees</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="205"/>
        <source>Training sessions: %1 (newest first)</source>
        <translation>共 %1 次培训，最近的排在最上面。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="214"/>
        <source>No training recorded yet. Press “New session” after each class.</source>
        <translation>还没有培训记录。每次培训结束后，点“新建培训”记下来。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="215"/>
        <source>No training recorded yet.</source>
        <translation>还没有培训记录。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="235"/>
        <source>Choose a session in the list to see who attended.</source>
        <translation>在列表里点一次培训，这里就显示谁参加了。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="243"/>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="246"/>
        <location filename="../../station_app/ui/training/screen.py" line="255"/>
        <source>Attendees: %1</source>
        <translation>参加的人：共 %1 人</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="309"/>
        <source>Delete the training “%1” of %2?</source>
        <translation>要删除 %2 的培训“%1”吗？</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="311"/>
        <source>Its attendance list is deleted with it.</source>
        <translation>这次培训的签到名单也会一起删除。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="312"/>
        <source>Delete training session</source>
        <translation>删除培训记录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/training/screen.py" line="316"/>
        <source>Keep it</source>
        <translation>不删除</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="76"/>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="76"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="76"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="77"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="77"/>
        <source>Last log-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="81"/>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="82"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="83"/>
        <location filename="../../station_app/ui/users_screen.py" line="146"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="84"/>
        <source>Deactivate / activate</source>
        <translation>停用 / 启用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="120"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="121"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="121"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="147"/>
        <source>New password for %1:</source>
        <translation>%1 的新密码：</translation>
    </message>
</context>
<context>
    <name>VerifyScreen</name>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="69"/>
        <source>Check a printed document</source>
        <translation>验证打印的文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="70"/>
        <source>Scan the QR code at the bottom of the page with the scanner, paste its text, or open a photo or scan of the page. No network is needed.</source>
        <translation>用扫码枪扫页面下方的二维码，或粘贴二维码的文字，或打开这一页的照片或扫描件。不需要联网。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="76"/>
        <source>Check</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="78"/>
        <source>Open a photo or scan…</source>
        <translation>打开照片或扫描件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="107"/>
        <source>Scan or paste the QR code&apos;s text first.</source>
        <translation>请先扫码或粘贴二维码的文字。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="118"/>
        <source>Credit report</source>
        <translation>信用报告</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="119"/>
        <source>Loan contract</source>
        <translation>借款合同</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="120"/>
        <source>Repayment schedule</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="121"/>
        <source>Loan summary for the farmer</source>
        <translation>贷款明白纸</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="122"/>
        <source>Insurance application form</source>
        <translation>投保单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="123"/>
        <source>Insurance policy certificate</source>
        <translation>保险凭证</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="124"/>
        <source>Insurance claim notice</source>
        <translation>理赔通知书</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="125"/>
        <source>Copy of personal information</source>
        <translation>个人信息副本</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="126"/>
        <source>Document no.: %1</source>
        <translation>文件编号：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="127"/>
        <source>Kind: %1</source>
        <translation>文件类型：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="129"/>
        <source>Station: %1</source>
        <translation>服务站：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="130"/>
        <source>Issued on: %1</source>
        <translation>出具日期：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="132"/>
        <source>Printed by: %1</source>
        <translation>打印人：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="135"/>
        <source>The paper must say:</source>
        <translation>这份文件上应当写着：</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="145"/>
        <source>This document is not on record on this computer, so only the signature was checked.</source>
        <translation>这台电脑上没有这份文件的记录，所以只验证了签名。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="150"/>
        <source>Photo or scan of the document</source>
        <translation>文件的照片或扫描件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="151"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="160"/>
        <source>This file cannot be opened as a picture.</source>
        <translation>这个文件打不开，不是图片。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/verify_screen.py" line="166"/>
        <source>No QR code was found in the picture. Take the photo closer, straight on and in good light.</source>
        <translation>图片里没有找到二维码。请靠近一点、正对着、在光线好的地方再拍一张。</translation>
    </message>
</context>
<context>
    <name>WeatherScreen</name>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="62"/>
        <source>Weather data</source>
        <translation>天气数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="64"/>
        <source>Daily weather of the weather stations named by the insurance products. Quotes and claims use these days; an insurance phase with a missing day is shown as incomplete and never computed.</source>
        <translation>保险产品所用气象站的逐日天气数据。保险试算和理赔都用这些数据；保险阶段内只要缺一天，就显示为“数据不全”，不会计算赔款。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="71"/>
        <source>Weather station</source>
        <translation>气象站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="71"/>
        <source>Used by</source>
        <translation>使用的保险产品</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="71"/>
        <source>First day</source>
        <translation>第一天</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="72"/>
        <source>Last day</source>
        <translation>最后一天</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="72"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="72"/>
        <source>Missing days</source>
        <translation>缺少的天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="73"/>
        <source>Days with an empty value</source>
        <translation>有缺测值的天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="73"/>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="83"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="85"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="97"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="97"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="98"/>
        <source>What is wrong</source>
        <translation>问题说明</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="142"/>
        <source>File shipped with the app (generated demo data)</source>
        <translation>软件自带的文件（生成的演示数据）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="144"/>
        <source>No data</source>
        <translation>没有数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="148"/>
        <source>%1 from the central server</source>
        <translation>%1 天来自中心服务器</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="150"/>
        <source>%1 imported here</source>
        <translation>%1 天在本站导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="152"/>
        <source>%1 from the demo file (generated)</source>
        <translation>%1 天来自演示文件（生成数据）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="155"/>
        <source>%1 generated after the demo file</source>
        <translation>%1 天为演示文件之后生成的数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="159"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="170"/>
        <source>No product</source>
        <translation>没有产品使用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="191"/>
        <source>Weather data file</source>
        <translation>天气数据文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="192"/>
        <source>Weather data (*.csv *.txt);;All files (*)</source>
        <translation>天气数据 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="214"/>
        <source>Reading and checking the file…</source>
        <translation>正在读取并检查文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="223"/>
        <source>Storing: %1 of %2 days</source>
        <translation>正在保存：已保存 %1 天，共 %2 天</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="249"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="250"/>
        <source>%1 rows read: %2 kept, %3 not imported.</source>
        <translation>共读取 %1 行：%2 行通过检查，%3 行未导入。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="253"/>
        <source>Stored: %1 new days, %2 updated, %3 unchanged.</source>
        <translation>保存结果：新增 %1 天，更新 %2 天，%3 天没有变化。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="257"/>
        <source>Weather station %1, days %2 to %3.</source>
        <translation>气象站 %1，日期 %2 至 %3。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="264"/>
        <source>Note: no insurance product uses the weather station %1.</source>
        <translation>注意：没有哪个保险产品使用气象站 %1。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="267"/>
        <source>%1 rows were not imported, %2 warnings, %3 gaps: see the list below.</source>
        <translation>%1 行未导入，%2 条提醒，%3 处缺少日期：详见下面的列表。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="272"/>
        <source>No problems found: no gap, no impossible value, no repeated day.</source>
        <translation>没有发现问题：没有缺少的日期，没有不可能的数值，也没有重复的日期。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="282"/>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="283"/>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/admin/weather_screen.py" line="292"/>
        <source>Only the first %1 problems are listed.</source>
        <translation>只列出了前 %1 个问题。</translation>
    </message>
</context>
</TS>
