<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ErrorChannel</name>
    <message>
        <location filename="../../station_app/ui/errors.py" line="55" />
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="60" />
        <source>Something unexpected went wrong; the last action may not have finished. Copy the details for technical support.</source>
        <translation>出了一个意外的问题，刚才的操作可能没有完成。请复制详细信息发给技术支持。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="64" />
        <source>Error</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/errors.py" line="67" />
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>FarmerDetail</name>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="36" />
        <source>Choose a farmer in the list to see the details.</source>
        <translation>在左边列表里点选一位农户，这里会显示详细信息。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="43" />
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="43" />
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="44" />
        <source>Resident ID</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="44" />
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="45" />
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="45" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="46" />
        <source>Household size</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="46" />
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="47" />
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="47" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="59" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="70" />
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="72" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="128" />
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="128" />
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="164" />
        <source>Delete farmer</source>
        <translation>删除农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/detail.py" line="165" />
        <source>Why is %1 being deleted? (The record is kept in the history.)</source>
        <translation>为什么要删除 %1？（记录会保留在历史中）</translation>
    </message>
</context>
<context>
    <name>FarmerForm</name>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="54" />
        <source>Edit farmer</source>
        <translation>修改农户信息</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="54" />
        <source>Register a farmer</source>
        <translation>登记新农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="80" />
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="80" />
        <source>as on the ID card</source>
        <translation>与身份证一致</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="81" />
        <source>Resident ID number *</source>
        <translation>身份证号 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="81" />
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="84" />
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="85" />
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="86" />
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="87" />
        <source>Gender *</source>
        <translation>性别 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="94" />
        <source>from the ID number</source>
        <translation>按身份证号自动填写</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="96" />
        <source>Birth date *</source>
        <translation>出生日期 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="97" />
        <source>Mobile *</source>
        <translation>手机号 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="97" />
        <source>11 digits</source>
        <translation>11 位数字</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="98" />
        <source>Bank card for loans</source>
        <translation>放款银行卡</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="98" />
        <source>16 to 19 digits, optional</source>
        <translation>16 到 19 位数字，可以不填</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="103" />
        <source>Village *</source>
        <translation>村 *</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="106" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="107" />
        <source>Address detail</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="107" />
        <source>group and house number</source>
        <translation>组和门牌号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="111" />
        <source>not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="112" />
        <source>Household size</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="115" />
        <source>— not given —</source>
        <translation>— 未填 —</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="115" />
        <source>No schooling</source>
        <translation>未上学</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="116" />
        <source>Primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="117" />
        <source>Junior middle school</source>
        <translation>初中</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="118" />
        <source>Senior middle / vocational</source>
        <translation>高中/中专</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="119" />
        <source>College</source>
        <translation>大专</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="120" />
        <source>Bachelor or higher</source>
        <translation>本科及以上</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="122" />
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="123" />
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="123" />
        <source>name of the farmer cooperative, if a member</source>
        <translation>参加了合作社就填写合作社名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="124" />
        <source>Cooperative credit code</source>
        <translation>合作社信用代码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="124" />
        <source>18-character unified social credit code</source>
        <translation>18 位统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="125" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="127" />
        <source>Consent (read each item to the farmer)</source>
        <translation>授权同意（请逐条念给农户听）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="135" />
        <source>The farmer signed the printed consent form</source>
        <translation>农户已在纸质授权书上签字</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="144" />
        <source>Open the registered farmer</source>
        <translation>打开已登记的农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="147" />
        <source>I have checked the items marked in orange; save anyway</source>
        <translation>橙色标出的内容我已核对无误，继续保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="150" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="152" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/form.py" line="210" />
        <source>%1 (unchanged; type a new number to replace it)</source>
        <translation>%1（不改就留空；要更换请输入新号码）</translation>
    </message>
</context>
<context>
    <name>FarmerTableModel</name>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26" />
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26" />
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="26" />
        <source>Resident ID</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27" />
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="27" />
        <source>Cooperative</source>
        <translation>合作社</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="29" />
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/table_model.py" line="29" />
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>FarmersScreen</name>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="38" />
        <source>Search: name, pinyin initials (zs), mobile, last 4 digits of ID or mobile, village</source>
        <translation>搜索：姓名、拼音首字母（如 zs）、手机号、身份证或手机后 4 位、村名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="39" />
        <source>Register a farmer</source>
        <translation>登记新农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="159" />
        <source>All farmers: %1 registered</source>
        <translation>全部农户：已登记 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="164" />
        <source>Name starting with the text: %1 found</source>
        <translation>姓名以此开头：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="165" />
        <source>Pinyin initials: %1 found</source>
        <translation>拼音首字母：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="166" />
        <source>Village: %1 found</source>
        <translation>按村查找：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="167" />
        <source>Last 4 digits of ID or mobile: %1 found</source>
        <translation>身份证或手机后 4 位：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="168" />
        <source>Mobile number: %1 found</source>
        <translation>手机号：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="169" />
        <source>Resident ID: %1 found</source>
        <translation>身份证号：找到 %1 位</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/farmers/list_screen.py" line="170" />
        <source>Type a name, pinyin initials, 4 last digits, a full mobile or ID number.</source>
        <translation>请输入姓名、拼音首字母、后 4 位数字、完整手机号或身份证号。</translation>
    </message>
</context>
<context>
    <name>FirstRunScreen</name>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="32" />
        <source>Welcome! Set up this service station</source>
        <translation>欢迎使用！先建立本服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="37" />
        <source>Create the station</source>
        <translation>建立服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="40" />
        <source>Station name</source>
        <translation>服务站名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="40" />
        <source>e.g. 横渠镇农村电商金融服务站</source>
        <translation>例如：横渠镇农村电商金融服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="41" />
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="41" />
        <source>e.g. 陕西省</source>
        <translation>例如：陕西省</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="42" />
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="42" />
        <source>e.g. 眉县</source>
        <translation>例如：眉县</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="43" />
        <source>Station code</source>
        <translation>站点编号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="43" />
        <source>e.g. MX-HQ-01</source>
        <translation>例如：MX-HQ-01</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="44" />
        <source>Administrator's name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="45" />
        <source>Administrator's user name</source>
        <translation>管理员登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="45" />
        <source>letters or digits, e.g. admin</source>
        <translation>字母或数字，例如 admin</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="46" />
        <source>Password (at least 8 characters)</source>
        <translation>密码（至少 8 位）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="47" />
        <source>Password again</source>
        <translation>再输一次密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="62" />
        <source>Create station</source>
        <translation>建立服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="66" />
        <source>Just looking? Try it with demo data</source>
        <translation>先看看？用演示数据试用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="68" />
        <source>Creates a demo station in 眉县, Shaanxi with villages and 2,000 made-up farmers (names, valid ID numbers and phones are generated). Log in afterwards as admin, tutor, specialist or branch with password demo1234.</source>
        <translation>在陕西眉县建一个演示服务站，带村庄和 2000 位虚构农户（姓名、身份证号、手机号都是生成的，格式有效）。之后用 admin、tutor、specialist 或 branch 登录，密码 demo1234。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="70" />
        <source>Load demo data</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/first_run.py" line="98" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一样。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="43" />
        <source>Import orders: %1</source>
        <translation>导入订单：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="47" />
        <source>Choose the order export downloaded from the platform (CSV or Excel).</source>
        <translation>请选择从平台后台下载的订单导出文件（CSV 或 Excel）。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="49" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="53" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="62" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="62" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="62" />
        <source>What is wrong</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="69" />
        <source>Skip the rows with errors and import the rest</source>
        <translation>跳过有错误的行，导入其余的</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="72" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="100" />
        <source>Order export</source>
        <translation>订单导出文件</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="101" />
        <source>Order exports (*.csv *.xlsx);;All files (*)</source>
        <translation>订单表格 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="113" />
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="124" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="163" />
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="170" />
        <source>Layout: %1</source>
        <translation>表格格式：%1</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="172" />
        <source>%1 rows read: %2 correct, %3 with errors.</source>
        <translation>共读到 %1 行：%2 行正确，%3 行有错误。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="174" />
        <source>Already imported before: %1; repeated inside the file: %2.</source>
        <translation>以前已经导入过的：%1 条；文件里重复的：%2 条。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="176" />
        <source>New orders to import: %1, amount paid %2 yuan.</source>
        <translation>这次要导入的新订单：%1 条，实付金额 %2 元。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="180" />
        <source>Orders from %1 to %2.</source>
        <translation>订单时间从 %1 到 %2。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/import_dialog.py" line="209" />
        <source>Cancelled; nothing was imported.</source>
        <translation>已取消，什么都没有导入。</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../station_app/ui/login.py" line="34" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="46" />
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="47" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="74" />
        <source>Station app</source>
        <translation>服务站系统</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="76" />
        <source>The screen was locked after a period of inactivity. Enter the password to continue, or log in as another user.</source>
        <translation>一段时间没有操作，屏幕已锁定。输入密码继续，或换其他账号登录。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="79" />
        <source>Rural e-commerce finance service station</source>
        <translation>农村电商金融服务站</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="82" />
        <source>Demo station: log in as admin, tutor, specialist or branch, password %1.</source>
        <translation>演示站：可用 admin、tutor、specialist 或 branch 登录，密码 %1。</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/login.py" line="98" />
        <source>Please enter the user name and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="58" />
        <source>Station app — rural e-commerce finance service station</source>
        <translation>农村电商金融服务站系统</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="88" />
        <source>Lock screen</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="91" />
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="93" />
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="118" />
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="146" />
        <source> · demo data</source>
        <translation> · 演示数据</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="160" />
        <source>Farmers</source>
        <translation>农户</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="162" />
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
</context>
<context>
    <name>NewShopDialog</name>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="36" />
        <source>Add an online shop</source>
        <translation>添加网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="50" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="51" />
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="52" />
        <source>Opened on</source>
        <translation>开店日期</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="57" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="31" />
        <source>New staff account</source>
        <translation>新建员工账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="39" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="40" />
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="41" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="42" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="48" />
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="25" />
        <source>Online sales</source>
        <translation>网店销售</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="34" />
        <source>Sales, last 12 months (yuan)</source>
        <translation>近 12 个月销售额（元）</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="35" />
        <source>Orders per month</source>
        <translation>月均订单数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="36" />
        <source>Refund rate</source>
        <translation>退货退款率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="37" />
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="38" />
        <source>Shipped within 48 h</source>
        <translation>48 小时内发货率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="39" />
        <source>Orders completed</source>
        <translation>订单完成率</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="40" />
        <source>Monthly sales variation</source>
        <translation>月销售额波动</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="41" />
        <source>Shop age (days)</source>
        <translation>开店天数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="72" />
        <source>Monthly sales (yuan), %1 to %2</source>
        <translation>每月销售额（元），%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/sales_chart.py" line="76" />
        <source>Sales (yuan)</source>
        <translation>销售额（元）</translation>
    </message>
</context>
<context>
    <name>ShopsPanel</name>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="87" />
        <source>Online shops</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="90" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="90" />
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="91" />
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="91" />
        <source>Last order</source>
        <translation>最近订单</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="97" />
        <source>Add shop</source>
        <translation>添加网店</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sales/shops_panel.py" line="99" />
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="74" />
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="74" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="74" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="75" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="75" />
        <source>Last log-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="79" />
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="80" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="81" />
        <location filename="../../station_app/ui/users_screen.py" line="144" />
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="82" />
        <source>Deactivate / activate</source>
        <translation>停用 / 启用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="118" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="119" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="119" />
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../station_app/ui/users_screen.py" line="145" />
        <source>New password for %1:</source>
        <translation>%1 的新密码：</translation>
    </message>
</context>
</TS>