#include "json/i18n.h"

#include <string.h>

/* English template -> zh-CN form; the placeholders appear in the same order in both (tested). The
 * whole message must match, so more specific templates need not come first. */
static const struct { const char *en, *zh; } msgs[] = {
    /* the HTTP front */
    { "log in first", "请先登录" },
    { "method not allowed on this path", "此路径不支持该请求方法" },
    { "no such endpoint", "接口不存在" },
    { "no such file", "文件不存在" },
    { "request body too large", "请求体过大" },
    { "too many requests; slow down", "请求过于频繁，请稍后再试" },
    { "your role may not do this", "您的角色无权执行此操作" },
    { "the server is shutting down", "服务正在关闭" },
    { "database unavailable", "数据库不可用" },
    { "the database is not available", "数据库不可用" },
    { "out of memory", "内存不足" },
    /* request decoding */
    { "request body is empty", "请求体为空" },
    { "JSON nested deeper than %d levels", "JSON 嵌套超过 %d 层" },
    { "the request body must be a JSON object", "请求体必须是 JSON 对象" },
    { "a string holds a control character (only tab, line feed and carriage return are allowed)",
      "字符串含有控制字符（只允许制表符、换行符和回车符）" },
    { "a string is longer than %d bytes", "字符串超过 %d 字节" },
    { "%s holds a control character (only tab, line feed and carriage return are allowed)",
      "%s 含有控制字符（只允许制表符、换行符和回车符）" },
    { "send the body as application/json", "请以 application/json 格式发送请求体" },
    { "send the fields as application/x-www-form-urlencoded", "请以 application/x-www-form-urlencoded 格式发送字段" },
    { "send the image as the request body", "请将图片作为请求体发送" },
    { "unknown query parameter '%s'", "未知的查询参数「%s」" },
    { "nothing to change", "没有需要修改的内容" },
    { "nothing to change: give name, fallback_unit_id or geometry", "没有需要修改的内容：请提供 name、fallback_unit_id 或 geometry" },
    /* generic field checks */
    { "%s is longer than %ld characters", "%s 超过 %ld 个字符" },
    { "%s is longer than %zu characters", "%s 超过 %zu 个字符" },
    { "%s is required", "%s 为必填项" },
    { "%s is required with %s", "%s 须与 %s 一起提供" },
    { "%s is too long", "%s 过长" },
    { "%s may contain only letters, digits, '_' and '-'", "%s 只能包含字母、数字、「_」和「-」" },
    { "%s must be UTF-8 text without control characters", "%s 须为不含控制字符的 UTF-8 文本" },
    { "%s must be a phone number: 3 to 20 digits, an optional leading '+', spaces, '-', '.', '(' and ')'",
      "%s 须为电话号码：3 至 20 位数字，可带开头的「+」、空格、「-」、「.」、「(」和「)」" },
    { "%s must be an integer in %lld..%lld", "%s 须为 %lld..%lld 之间的整数" },
    { "%s must be an integer in %lld..%lld or null", "%s 须为 %lld..%lld 之间的整数或 null" },
    { "%s must not contain control characters", "%s 不得包含控制字符" },
    { "the %s is not valid", "%s 无效" },
    /* resident accounts (core/resident_svc.c, core/resident_api.c); before "no such %s" */
    { "no such resident account", "居民账号不存在" },
    { "an account with this phone number exists", "该手机号已注册" },
    { "code must be %d letters and digits", "一次性登录码须为 %d 位字母和数字" },
    { "community_id must name a community", "community_id 须为一个社区" },
    { "could not change the password", "无法修改密码" },
    { "could not change the resident account", "无法修改居民账号" },
    { "could not create the account", "无法创建账号" },
    { "could not issue a code", "无法生成一次性登录码" },
    { "could not list resident accounts", "无法列出居民账号" },
    { "could not read the person record", "无法读取人员信息" },
    { "could not read the resident account", "无法读取居民账号" },
    { "could not read your account", "无法读取您的账号" },
    { "could not list the communities", "无法列出社区" },
    { "could not sign in", "无法登录" },
    { "could not verify the resident account", "无法认证居民账号" },
    { "id_number must be an 18-character ID card number with a valid check digit",
      "身份证号须为 18 位且校验位正确" },
    { "method must be in_person, document or household",
      "method 须为 in_person（现场核验）、document（证件核验）或 household（户籍/房产核验）" },
    { "phone must be a mainland mobile number: 11 digits starting with 1", "手机号须为以 1 开头的 11 位大陆手机号码" },
    { "sign-in failed", "登录失败" },
    { "status must be active or disabled", "status 须为 active（正常）或 disabled（已停用）" },
    { "the account is already active", "该账号已是正常状态" },
    { "the account is already disabled", "该账号已停用" },
    { "the account is disabled", "该账号已停用" },
    { "this request takes no body", "此请求不接受请求体" },
    { "verified must be 0 or 1", "verified 须为 0 或 1" },
    { "wrong phone number or code, or the code has expired or was used", "手机号或登录码错误，或登录码已过期、已使用" },
    { "wrong phone number or password", "手机号或密码错误" },
    { "you may verify residents only in communities of your own area", "您只能认证本辖区社区的居民" },
    { "your role may not manage resident accounts", "您的角色无权管理居民账号" },
    { "your role may not see resident accounts", "您的角色无权查看居民账号" },
    { "too many failed sign-ins; try again in %lld minute", "登录失败次数过多，请 %lld 分钟后再试" },
    { "too many failed sign-ins; try again in %lld minutes", "登录失败次数过多，请 %lld 分钟后再试" },
    /* 社区合伙人 (partners/partner_svc.c, partners/partner_api.c); before "no such %s" */
    { "no such partner", "合伙人不存在" },
    { "a %s partner cannot be %s", "状态为 %s 的合伙人不能执行此操作（%s）" },
    { "action must be approve, suspend, resume or retire",
      "action 须为 approve（通过）、suspend（暂停）、resume（恢复）或 retire（退出）" },
    { "an application serves its own community: leave service_area_id out", "申请只服务本社区：请勿填写 service_area_id" },
    { "could not change the partner", "无法修改合伙人" },
    { "could not list partners", "无法列出合伙人" },
    { "could not read the partner", "无法读取合伙人" },
    { "could not save the partner", "无法保存合伙人" },
    { "could not read your partner records", "无法读取您的合伙人记录" },
    { "each tag is 1 to %d characters without ',' or control characters", "每个标签须为 1 至 %d 个字符，不含逗号和控制字符" },
    { "kind must be person or organisation", "kind 须为 person（个人）或 organisation（组织）" },
    { "method belongs to approve", "method 只用于 approve（通过）" },
    { "method must be licence, practice, id_card or reference",
      "method 须为 licence（营业执照）、practice（执业证书）、id_card（身份证）或 reference（社区推荐）" },
    { "service_area_id must name a division", "service_area_id 须为一个区划" },
    { "sign in with a resident account to apply", "请用居民账号登录后申请" },
    { "status must be pending, active, suspended or retired",
      "status 须为 pending（待审核）、active（已通过）、suspended（已暂停）或 retired（已退出）" },
    { "tags holds at most %d tags", "标签最多 %d 个" },
    { "tags must be an array of strings", "tags 须为字符串数组" },
    { "tags must not repeat", "标签不能重复" },
    { "the community and the service area must lie in your own area", "社区和服务范围须在您的辖区内" },
    { "type must be resource, professional or volunteer",
      "type 须为 resource（资源型）、professional（专业型）或 volunteer（志愿型）" },
    { "you already hold a partner record in this community", "您在该社区已有合伙人记录" },
    { "your role may not manage partners", "您的角色无权管理合伙人" },
    { "your role may not see partners", "您的角色无权查看合伙人" },
    { "no such %s", "%s 不存在" },
    { "could not list %s", "无法列出 %s" },
    { "could not save the %s", "无法保存 %s" },
    { "this %s conflicts with an existing one (duplicate code or name?)", "此 %s 与已有记录冲突（编码或名称重复？）" },
    { "a %s needs a division_id (the scope)", "%s 需要指定 division_id（管辖范围）" },
    /* accounts and sign-in */
    { "login failed", "登录失败" },
    { "wrong username or password", "用户名或密码错误" },
    { "too many failed logins; try again in %lld minute or ask an administrator to unlock the account",
      "登录失败次数过多，请 %lld 分钟后再试，或请管理员解锁账号" },
    { "too many failed logins; try again in %lld minutes or ask an administrator to unlock the account",
      "登录失败次数过多，请 %lld 分钟后再试，或请管理员解锁账号" },
    { "too many logins at once; try again in a moment", "同时登录的请求过多，请稍后再试" },
    { "sign in to change your password", "请登录后再修改密码" },
    { "the current password is wrong", "当前密码错误" },
    { "the new password must differ from the current one", "新密码不能与当前密码相同" },
    { "could not hash the password", "无法处理密码" },
    { "could not read the token", "无法读取令牌" },
    { "token does not exist", "令牌不存在" },
    { "only the administrator manages accounts and API keys", "只有管理员可以管理账号和 API 密钥" },
    { "only the administrator may change configuration", "只有管理员可以修改配置" },
    { "only the administrator may manage users", "只有管理员可以管理用户" },
    { "only the administrator may unlock accounts", "只有管理员可以解锁账号" },
    { "you cannot disable your own account or drop your own admin role", "不能停用自己的账号或取消自己的管理员角色" },
    { "username must have 3 to %d characters", "用户名须为 3 至 %d 个字符" },
    { "username must start with a lowercase letter", "用户名须以小写字母开头" },
    { "username may contain only a-z, 0-9, '_', '.' and '-'", "用户名只能包含 a-z、0-9、「_」、「.」和「-」" },
    { "the username %s is taken", "用户名 %s 已被占用" },
    { "display_name is too long", "display_name 过长" },
    { "display_name must not contain control characters", "display_name 不得包含控制字符" },
    { "password must have at least %d characters", "密码至少需要 %d 个字符" },
    { "password must have at most %d bytes", "密码最多 %d 字节" },
    { "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, hotline_operator or auditor",
      "角色须为 admin、dispatcher、supervisor、unit_handler、grid_worker、hotline_operator 或 auditor" },
    { "phone is too long", "电话过长" },
    { "phone must be a phone number or null", "电话须为电话号码或 null" },
    { "phone must be a phone number: 3 to 20 digits, an optional leading '+', spaces, '-', '.', '(' and ')'",
      "电话须为电话号码：3 至 20 位数字，可带开头的「+」、空格、「-」、「.」、「(」和「)」" },
    { "phone must be a string or null", "电话须为字符串或 null" },
    { "email is not an e-mail address", "email 不是有效的电子邮件地址" },
    { "a unit_handler needs a unit_id", "unit_handler 需要指定 unit_id" },
    { "unit_id is only for a unit_handler", "unit_id 仅适用于 unit_handler" },
    { "no such user", "用户不存在" },
    { "could not unlock the user", "无法解锁该用户" },
    { "the key's name must have 1 to %d bytes", "密钥名称须为 1 至 %d 字节" },
    { "could not store the key", "无法保存密钥" },
    { "could not revoke the key", "无法吊销密钥" },
    { "no live key %lld", "不存在有效的密钥 %lld" },
    /* divisions, grids, units, places */
    { "division %lld does not exist", "区划 %lld 不存在" },
    { "division_id does not name a division", "division_id 不对应任何区划" },
    { "division_id must be a division id", "division_id 须为区划编号" },
    { "division_id must be positive", "division_id 须为正数" },
    { "created division %lld but could not read it back", "已创建区划 %lld，但无法读回" },
    { "updated the division but could not read it back", "已更新区划，但无法读回" },
    { "could not list divisions", "无法列出区划" },
    { "could not read the division", "无法读取区划" },
    { "no such division", "区划不存在" },
    { "under must be a division id", "under 须为区划编号" },
    { "level must be city, district, street or community", "level 须为 city、district、street 或 community" },
    { "level must be city, district, street, community or grid", "level 须为 city、district、street、community 或 grid" },
    { "level must be one of city district street community grid", "level 须为 city、district、street、community、grid 之一" },
    { "geometry has more than %d positions or %d rings", "geometry 超过 %d 个坐标点或 %d 个环" },
    { "geometry must be 0 or 1", "geometry 须为 0 或 1" },
    { "give division_id or lon and lat", "请提供 division_id 或 lon 和 lat" },
    { "give either division_id or lon/lat, not both", "请只提供 division_id 或 lon/lat 其中之一" },
    { "lon and lat are required", "lon 和 lat 为必填项" },
    { "lon and lat go together", "lon 和 lat 须同时提供" },
    { "lon must be a number in -180..180 and lat in -90..90", "lon 须为 -180..180 之间的数字，lat 须为 -90..90 之间的数字" },
    { "lat must be a number from -90 to 90 (WGS-84)", "lat 须为 -90 至 90 之间的数字（WGS-84）" },
    { "long must be a number from -180 to 180 (WGS-84)", "long 须为 -180 至 180 之间的数字（WGS-84）" },
    { "location is out of range", "位置超出范围" },
    { "location, coord and division_id belong to locate", "location、coord 和 division_id 属于定位参数" },
    { "no grid contains this point", "该点不在任何网格内" },
    { "could not look up the grid", "无法查找网格" },
    { "could not read the roads", "无法读取道路" },
    { "coord must be wgs84 or gcj02", "coord 须为 wgs84 或 gcj02" },
    { "unit %lld does not exist", "单位 %lld 不存在" },
    { "unit_id must be a positive integer", "unit_id 须为正整数" },
    { "unit_id, days (1-90) and version must be positive", "unit_id、days（1-90）和 version 须为正数" },
    { "result and after_photos belong to verify_onsite", "result 和 after_photos 属于现场核查参数" },
    { "result must be pass or fail", "result 须为 pass 或 fail" },
    { "only a grid worker of the ticket's grid verifies it on site", "只有案件所在网格的网格员可以现场核查" },
    { "unit %lld is not an enabled sub-unit of yours", "单位 %lld 不是本单位启用中的下级单位" },
    { "a unit cannot be its own parent", "单位不能以自身为上级单位" },
    { "parent unit %lld does not exist", "上级单位 %lld 不存在" },
    { "one level only: the parent may have no parent, the unit no sub-units", "只支持一级：上级单位不能再有上级，本单位不能已有下级" },
    /* 协办 (ops/assist_svc.c, ops/assist_api.c, ops/ticket_steps_svc.c) */
    { "co-handling units have not finished their sub-tasks: %s", "协办单位尚未完成协办任务：%s" },
    { "only a dispatcher names co-handling units", "只有调度员可以指定协办单位" },
    { "co-handling units are named while the case is at its lead unit", "只能在案件处于主办单位时指定协办单位" },
    { "unit %lld is the lead unit of this ticket", "单位 %lld 是本案件的主办单位" },
    { "unit %lld already has a sub-task on this ticket", "单位 %lld 在本案件已有协办任务" },
    { "at most %d co-handling units on a ticket", "每个案件最多 %d 个协办单位" },
    { "name 1 to %d co-handling units", "请指定 1 至 %d 个协办单位" },
    { "unit %lld is named twice", "单位 %lld 被重复指定" },
    { "due_ms must be in the future", "due_ms 须晚于当前时间" },
    { "no sub-task %lld on ticket %lld", "没有协办任务 %lld（案件 %lld）" },
    { "your role or unit may not take this action on this sub-task", "您的角色或单位无权对该协办任务执行此操作" },
    { "this action is not allowed in the sub-task's current state", "协办任务的当前状态不允许此操作" },
    { "a required field is missing or out of range (note, unit_id, due_ms)", "必填字段缺失或超出范围（note、unit_id、due_ms）" },
    { "action must be sign, complete, return, withdraw or reassign", "action 须为 sign、complete、return、withdraw 或 reassign" },
    { "public_reply belongs to complete", "public_reply 只用于 complete（完成协办）" },
    { "unit_id belongs to reassign", "unit_id 只用于 reassign（改派协办）" },
    { "unit_ids must be an array of 1 to %d unit ids", "unit_ids 须为含 1 至 %d 个单位编号的数组" },
    { "unit_ids must be positive unit ids", "unit_ids 须为正整数单位编号" },
    { "due_ms and version must be positive", "due_ms 和 version 须为正数" },
    { "unit_id and due_ms must be positive", "unit_id 和 due_ms 须为正数" },
    { "no such sub-task", "协办任务不存在" },
    { "unit %lld has a co-handling sub-task on this ticket: withdraw it first", "单位 %lld 在本案件有协办任务，请先撤销" },
    { "unit %lld does not exist or is disabled", "单位 %lld 不存在或已停用" },
    { "the ticket is at version %lld, not %lld; reload", "案件已是版本 %lld，而不是 %lld；请刷新" },
    { "assist must be open or returned", "assist 须为 open 或 returned" },
    { "no such place", "地点不存在" },
    { "could not search places", "无法搜索地点" },
    { "no such session", "会话不存在" },
    { "could not read the sessions", "无法读取会话" },
    { "could not end the session", "无法结束会话" },
    { "must be a number", "须为数字" },
    { "a house needs a road and a number with digits", "门牌地址须有路名和含数字的门牌号" },
    { "the name has nothing to search by", "名称中没有可供检索的文字" },
    { "kind must be street, house or poi", "kind 须为 street、house 或 poi" },
    { "a place with this address or name already exists (here or in the database)",
      "该地址或名称的地点已存在（本次导入中或数据库中）" },
    { "aliases must be an array of at most %d strings", "aliases 须为最多 %d 个字符串的数组" },
    { "aliases must be strings", "aliases 须为字符串" },
    { "version must be positive", "version 须为正数" },
    /* the catalogue */
    { "category_id is required (a category id)", "category_id 为必填项（类别编号）" },
    { "category_id must be a positive integer", "category_id 须为正整数" },
    { "category_id or category_code is required", "category_id 或 category_code 为必填项" },
    { "unknown category_code '%.16s'", "未知的类别编码「%.16s」" },
    { "code must be 2 digits (a big class, e.g. 01) or 4 digits (a subclass, e.g. 0101)",
      "code 须为 2 位（大类，如 01）或 4 位（小类，如 0101）数字" },
    { "kind must be part (部件) or event (事件)", "kind 须为 part（部件）或 event（事件）" },
    { "needs_location must be 1 or 0", "needs_location 须为 1 或 0" },
    { "mode must be auto or review", "mode 须为 auto 或 review" },
    { "could not evaluate the routing rules", "无法执行分派规则" },
    /* tickets */
    { "#id must be a positive ticket id", "#编号须为正的工单编号" },
    { "no such ticket", "工单不存在" },
    { "no ticket %lld in your scope", "您的管辖范围内没有工单 %lld" },
    { "no such tracking code", "查询码不存在" },
    { "unknown action '%.32s'", "未知的操作「%.32s」" },
    { "unknown status '%.32s'", "未知的状态「%.32s」" },
    { "unknown source", "未知的来源" },
    { "urgency must be 1, 2 or 3", "urgency 须为 1、2 或 3" },
    { "rating must be 1 to 5", "评分须为 1 至 5" },
    { "a location is required: lat and long, or address_string", "位置为必填项：lat 和 long，或 address_string" },
    { "address_id cannot be resolved here; send lat and long or address_string",
      "此处无法解析 address_id，请提供 lat 和 long 或 address_string" },
    { "cc_unit_ids must be an array of at most %d unit ids", "cc_unit_ids 须为最多 %d 个单位编号的数组" },
    { "cc_unit_ids must hold positive unit ids", "cc_unit_ids 须为正的单位编号" },
    { "cc_unit_ids must not repeat a unit", "cc_unit_ids 不得重复单位" },
    { "photos must be an array of at most %d sha256 strings", "photos 须为最多 %d 个 sha256 字符串的数组" },
    { "photos[%zu] is not a sha256 returned by /api/v1/files", "photos[%zu] 不是 /api/v1/files 返回的 sha256" },
    { "only the handling unit may see the reporter's contact", "只有承办单位可以查看上报人的联系方式" },
    { "searching by a caller's phone needs access to contacts", "按来电人电话搜索需要联系方式的查看权限" },
    { "q is required", "q 为必填项" },
    { "could not read the request", "无法读取请求" },
    { "could not read the requests", "无法读取请求列表" },
    /* files */
    { "only JPEG, PNG and WebP images are accepted", "只接受 JPEG、PNG 和 WebP 图片" },
    { "cannot store the photo", "无法保存照片" },
    { "no such photo", "照片不存在" },
    { "media_url must be an http(s) URL of at most %d characters", "media_url 须为不超过 %d 个字符的 http(s) 网址" },
    /* lists, statistics, export */
    { "cursor must be a positive integer", "cursor 须为正整数" },
    { "limit must be 1 to 200", "limit 须为 1 至 200" },
    { "limit must be an integer in 1..%d", "limit 须为 1..%d 之间的整数" },
    { "page_size must be a whole number from 1 to %d", "page_size 须为 1 至 %d 的整数" },
    { "days must be 1 to %d", "days 须为 1 至 %d" },
    { "from must be an ISO 8601 date or time", "from 须为 ISO 8601 日期或时间" },
    { "to must be an ISO 8601 date or time", "to 须为 ISO 8601 日期或时间" },
    { "could not compute the summary", "无法计算汇总" },
    { "cannot create the export file", "无法创建导出文件" },
    { "could not write the workbook", "无法写入工作簿" },
    { "ids must be ticket ids separated by commas", "ids 须为以逗号分隔的工单编号" },
    { "ids lists at most %d tickets", "ids 最多列出 %d 个工单" },
    { "ids must not repeat a ticket", "ids 不得重复同一工单" },
    /* Open311 */
    { "api_key is not valid (unknown or revoked)", "api_key 无效（不存在或已吊销）" },
    { "api_key is required to create a service request", "创建服务请求需要 api_key" },
    { "could not check the api_key", "无法校验 api_key" },
    { "at most %d service_request_id values", "service_request_id 最多 %d 个" },
    { "attribute[urgency] must be one of 1, 2, 3", "attribute[urgency] 须为 1、2、3 之一" },
    { "attribute[urgency]: service %s defines no attributes", "attribute[urgency]：服务 %s 未定义属性" },
    { "service request '%lld' does not exist", "服务请求「%lld」不存在" },
    { "service request '%s' does not exist", "服务请求「%s」不存在" },
    { "service_code '%.32s' is not a known service", "service_code「%.32s」不是已知的服务" },
    { "service_code '%s' is not a known service", "service_code「%s」不是已知的服务" },
    { "service_code is not a known service", "service_code 不是已知的服务" },
    { "service_code is required", "service_code 为必填项" },
    { "service_code lists at most %d codes", "service_code 最多列出 %d 个编码" },
    { "service_request_id must be a comma separated list of ids", "service_request_id 须为逗号分隔的编号列表" },
    { "start_date must be a W3C datetime, e.g. 2024-05-01T00:00:00+08:00",
      "start_date 须为 W3C 日期时间，如 2024-05-01T00:00:00+08:00" },
    { "end_date must be a W3C datetime, e.g. 2024-05-31T23:59:59+08:00",
      "end_date 须为 W3C 日期时间，如 2024-05-31T23:59:59+08:00" },
    { "end_date is before start_date", "end_date 早于 start_date" },
    { "start_date to end_date spans more than 90 days", "start_date 至 end_date 跨度超过 90 天" },
    { "status must be open, closed or both", "status 须为 open、closed 或 both" },
    { "status must be open, closed or both (comma separated)", "status 须为 open、closed 或 both（逗号分隔）" },
    { "the format must be json or xml", "格式须为 json 或 xml" },
    { "first_name and last_name together are longer than %d characters", "first_name 与 last_name 合计超过 %d 个字符" },
    { "ids are positive integers", "编号须为正整数" },
    { "could not read the service", "无法读取服务" },
    { "could not read the services", "无法读取服务列表" },
    /* operations pages: list search and paging, the audit log, sessions */
    { "%s must be an integer in %ld..%ld", "%s 须为 %ld..%ld 之间的整数" },
    { "q is longer than 64 bytes", "q 超过 64 字节" },
    { "q must not contain control characters", "q 不得包含控制字符" },
    { "actor must be a user id", "actor 须为用户编号" },
    { "action is longer than 63 bytes", "action 超过 63 字节" },
    { "action must not contain control characters", "action 不得包含控制字符" },
    { "could not read the audit log", "无法读取审计日志" },
    { "could not verify the chains", "无法校验哈希链" },
    { "the verification takes no fields", "校验不接受任何字段" },
    { "note is required: what the caller said", "请填写催办内容：来电人说了什么" },
    { "satisfaction must be satisfied, basic or unsatisfied", "满意度须为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）" },
    { "only an unsatisfied revisit reopens the ticket", "只有回访不满意才能重办" },
    { "reason is required to reopen", "重办须填写原因" },
    { "reason belongs to reopen", "原因仅用于重办" },
    { "revisit must be pending", "revisit 须为 pending" },
    /* 诉求类型, 直接答复办结, 知识库, 答复口径 */
    { "a required field is missing or out of range (note, public_reply, days, rating)",
      "必填项缺失或超出范围（说明、对外答复、天数、评分）" },
    { "request_type must be consult, complain, help, suggest or report",
      "诉求类型须为 consult（咨询）、complain（投诉）、help（求助）、suggest（建议）或 report（举报）" },
    { "request_type must be help, complain, suggest or report",
      "诉求类型须为 help（求助）、complain（投诉）、suggest（建议）或 report（举报）" },
    { "unknown request_type", "未知的诉求类型" },
    { "kb_ids must be an array of at most %d article ids", "kb_ids 须为最多 %d 个知识库条目编号的数组" },
    { "kb_ids must be positive article ids", "kb_ids 须为正的知识库条目编号" },
    { "kb_ids belong to answer", "kb_ids 只用于直接答复办结（answer）" },
    { "kb_ids: no published article %lld", "kb_ids：没有已发布的知识库条目 %lld" },
    { "your role may not edit the knowledge base", "您的角色无权编辑知识库" },
    { "no such article", "知识库条目不存在" },
    { "could not read the article", "无法读取知识库条目" },
    { "could not search the knowledge base", "无法检索知识库" },
    { "status must be draft or published", "status 须为 draft（草稿）或 published（已发布）" },
    { "limit must be 1 to %d", "limit 须为 1 至 %d" },
    /* the points bank (积分银行) */
    { "client_id must be 1 to %d letters, digits or _.:-", "client_id 须为 1 至 %d 个字母、数字或 _.:-" },
    { "kind must be posted, pending, post or void", "kind 须为 posted（记账）、pending（冻结）、post（确认冻结）或 void（解冻）" },
    { "kind must be posted or pending", "kind 须为 posted（记账）或 pending（冻结）" },
    { "kind must be post or void", "kind 须为 post（确认冻结）或 void（解冻）" },
    { "kind must be posted, pending, post, void or expire", "kind 须为 posted、pending、post、void 或 expire" },
    { "pending_id is required to post or void", "确认或解冻冻结须提供 pending_id" },
    { "post and void take only pending_id", "确认或解冻冻结只接受 pending_id" },
    { "pending_id is only for post and void", "pending_id 只用于确认或解冻冻结" },
    { "amount must be a positive number of points", "amount 须为正的积分数" },
    { "debit_account_id and credit_account_id are required", "须提供 debit_account_id（转出账户）和 credit_account_id（转入账户）" },
    { "a transfer needs two different accounts", "一笔流水须在两个不同账户之间" },
    { "corrects_id must be a transfer id", "corrects_id 须为流水编号" },
    { "timeout_ms must be 1 to %lld for a pending transfer, and absent otherwise",
      "冻结流水的 timeout_ms 须为 1 至 %lld，其他流水不得提供" },
    { "accounts %lld and %lld belong to different communities", "账户 %lld 与 %lld 属于不同社区" },
    { "account %lld would overflow", "账户 %lld 的积分将溢出" },
    { "account %lld has %lld points available, fewer than %lld", "账户 %lld 可用积分为 %lld，不足 %lld" },
    { "account %lld has too few points available", "账户 %lld 可用积分不足" },
    { "no pending hold of %lld points to end", "没有 %lld 积分的冻结可结束" },
    { "unknown transfer kind", "未知的流水类型" },
    { "transfer %lld is already %s", "流水 %lld 已结束（%s）" },
    { "transfer %lld is not a pending transfer", "流水 %lld 不是冻结流水" },
    { "transfer %lld holds more than its accounts have pending", "流水 %lld 的冻结额超过账户的冻结余额" },
    { "transfer %lld was ended at the same time", "流水 %lld 已被同时结束" },
    { "client_id %s was used for a different transfer", "client_id %s 已用于另一笔流水" },
    { "client_id %s was already used", "client_id %s 已被使用" },
    { "client_id %s appears twice", "client_id %s 重复出现" },
    { "no account %lld", "账户 %lld 不存在" },
    { "corrects_id: no transfer %lld", "corrects_id：流水 %lld 不存在" },
    { "pending_id: no transfer %lld", "pending_id：流水 %lld 不存在" },
    { "linked transfer %d failed", "关联的第 %d 笔流水失败" },
    { "transfer %d: account %lld is outside your area", "第 %d 笔流水：账户 %lld 不在您的管辖范围内" },
    { "a request holds 1 to %d transfers", "一次请求须含 1 至 %d 笔流水" },
    { "a batch holds only transfers", "批量请求只能包含 transfers" },
    { "transfers must be an array of 1 to %d transfers", "transfers 须为含 1 至 %d 笔流水的数组" },
    { "your role may not manage the points bank", "您的角色无权管理积分银行" },
    { "owner_kind must be partner or resident", "owner_kind 须为 partner（合伙人）或 resident（居民）" },
    { "owner_kind must be system, partner or resident", "owner_kind 须为 system、partner 或 resident" },
    { "division_id and owner_id must be positive ids", "division_id 和 owner_id 须为正的编号" },
    { "division_id: no community %lld", "division_id：社区 %lld 不存在" },
    { "the community is outside your area", "该社区不在您的管辖范围内" },
    { "%s must be a positive id", "%s 须为正的编号" },
    { "no such account", "账户不存在" },
    { "could not read the accounts", "无法读取积分账户" },
    { "could not read the account", "无法读取积分账户" },
    { "could not read the transfers", "无法读取积分流水" },
    { "could not write the transfer", "无法写入积分流水" },
    { "offset must be 0 to %d", "offset 须为 0 至 %d" },
    /* found missing by test_i18n's scan of every gw_fail and message buffer in src/ */
    { "offset must be an integer in %ld..%ld", "offset 须为 %ld..%ld 之间的整数" },
    { "geometry must be a GeoJSON Polygon or MultiPolygon with closed rings of valid [lon,lat] positions",
      "geometry 须为 GeoJSON Polygon 或 MultiPolygon，各环闭合且坐标为有效的 [经度,纬度]" },
    { "fallback unit %lld does not exist", "兜底单位 %lld 不存在" },
    { "a %s needs a parent_id; only a city stands at the root", "%s 需要 parent_id；只有市级区划位于根节点" },
    { "parent division %lld does not exist", "上级区划 %lld 不存在" },
    { "a city has no parent", "市级区划没有上级" },
    { "a %s must sit directly under a %s, not under a %s", "%s 须直接位于 %s 之下，而不是 %s 之下" },
    { "a division with code %s already exists", "编码为 %s 的区划已存在" },
    { "a unit with code %s already exists", "编码为 %s 的单位已存在" },
    { "a category with code %s already exists", "编码为 %s 的类别已存在" },
    { "more than %zu rows", "超过 %zu 行" },
    { "row %zu: more than %zu columns", "第 %zu 行：超过 %zu 列" },
    { "row %zu: a cell is longer than %zu bytes", "第 %zu 行：单元格超过 %zu 字节" },
    { "row %zu: the text is not UTF-8", "第 %zu 行：文本不是 UTF-8 编码" },
    { "row %zu: a quote inside an unquoted field, or text after a closing quote",
      "第 %zu 行：未加引号的字段中有引号，或右引号之后还有文字" },
    { "row %zu: a quoted field is not closed", "第 %zu 行：引号字段没有闭合" },
    { "the file is not a readable .xlsx workbook", "文件不是可读取的 .xlsx 工作簿" },
    { "the workbook has no worksheet", "工作簿中没有工作表" },
    { "the file is larger than %zu bytes", "文件超过 %zu 字节" },
    { "subclass %s needs its big class %s to exist first", "小类 %s 需要先有其大类 %s" },
    { "big class %s is of kind %s; its subclasses must be too", "大类 %s 的类型为 %s，其小类也必须是该类型" },
    { "category %lld does not exist", "类别 %lld 不存在" },
    { "cc_unit_ids must not repeat the handling unit %lld", "cc_unit_ids 不得包含承办单位 %lld" },
    { "CC unit %lld does not exist", "抄送单位 %lld 不存在" },
    { "%s must not be empty", "%s 不能为空" },
    { "%s must not contain control characters or '|'", "%s 不得包含控制字符或「|」" },
    { "aliases: at most %d", "aliases：最多 %d 个" },
    { "name is required", "name 为必填项" },
    { "kind is required", "kind 为必填项" },
    { "lon must be in -180..180 and lat in -90..90", "lon 须在 -180..180 之间，lat 须在 -90..90 之间" },
    { "a place with this address or name already exists", "该地址或名称的地点已存在" },
    { "unknown column '%.40s' in the first row", "第一行中有未知的列「%.40s」" },
    { "the first row must name the columns kind, lon and lat (and name, road, number, aliases)",
      "第一行须列出 kind、lon 和 lat 列（以及 name、road、number、aliases）" },
    { "the sheet has no rows under its header", "表头下没有数据行" },
    { "at most %d places per import", "每次导入最多 %d 个地点" },
    { "some rows are not valid: nothing was imported", "部分行无效：未导入任何内容" },
    { "a row repeats an existing place: nothing was imported", "有一行与已有地点重复：未导入任何内容" },
    { "photo %.64s was not uploaded by you", "照片 %.64s 不是您上传的" },
    { "unit %lld does not exist or is disabled", "单位 %lld 不存在或已停用" },
    { "no routing rule or fallback unit covers this ticket: choose a unit", "没有适用于此工单的派单规则或兜底单位：请选择单位" },
    { "the ticket was changed by someone else; reload and retry", "工单已被他人修改，请刷新后重试" },
    { "reporter_phone must be a phone number: 3-20 digits, an optional leading +, separators space - . ( )",
      "reporter_phone 须为电话号码：3 至 20 位数字，可带开头的 +，分隔符可为空格 - . ( )" },
    { "location is not a valid longitude/latitude", "位置不是有效的经纬度" },
    { "give a location, a division or an address", "请提供位置、区划或地址" },
    { "at most %d photos", "最多 %d 张照片" },
    { "the ticket is at version %lld, not %lld; reload", "工单当前为第 %lld 版，不是第 %lld 版，请刷新" },
    { "the ticket is at version %lld; reload", "工单当前为第 %lld 版，请刷新" },
    { "residents rate through the tracking page", "居民通过查询页面评价" },
    { "a rating of %d or less needs a comment saying what was not right", "%d 星及以下的评价须说明哪里不满意" },
    { "no grid covers this point: choose a grid", "该点不在任何网格内：请选择网格" },
    { "a ticket is placed before dispatch (reported, accepted or returned)", "工单须在派单前定位（待受理、待派单或已退单）" },
    { "that place is outside your scope", "该位置不在您的管辖范围内" },
    { "only a dispatcher places a ticket", "只有指挥中心可以为工单定位" },
    { "give a location or a division_id", "请提供位置或 division_id" },
    /* 物联感知 (iot/) */
    { "too many failed device logins; wait %lld s", "设备认证失败次数过多，请等待 %lld 秒" },
    { "the sheet has no rows under its header", "表格表头下没有数据行" },
    { "some rows are not valid: nothing was imported", "部分行无效：未导入任何数据" },
    { "the first row must name the columns device_id, type and name", "第一行须列出 device_id、type 和 name 列" },
    { "at most %d devices per import", "每次最多导入 %d 台设备" },
    { "must be a number in range", "须为范围内的数字" },
    { "event must be 1 to %d letters, digits or _ . : -", "event 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "event must name an event type of the camera", "event 须为该摄像头的事件类型" },
    { "ts must be Unix milliseconds", "ts 须为 Unix 毫秒时间" },
    { "send the snapshot as the request body", "请将抓拍图片作为请求体发送" },
    { "cannot store the snapshot", "无法保存抓拍图片" },
    { "could not take the event", "无法接收该事件" },
    { "this request takes no body", "此请求不接受请求体" },
    { "event %zu: give ts or timestamp, not both", "事件 %zu：ts 与 timestamp 只能给一个" },
    { "event %zu: ts must be Unix milliseconds", "事件 %zu：ts 须为 Unix 毫秒时间" },
    { "event %zu: timestamp must be Unix seconds or milliseconds, or ISO 8601", "事件 %zu：timestamp 须为 Unix 秒或毫秒，或 ISO 8601 时间" },
    { "event %zu: the time is not a date between 2000 and 2100", "事件 %zu：时间不在 2000 至 2100 年之间" },
    { "event %zu: values must be an object of at most 32 keys", "事件 %zu：values 须为最多 32 个键的对象" },
    { "event %zu: a values key is empty or too long", "事件 %zu：values 的键为空或过长" },
    { "event %zu: values hold numbers, short strings, booleans or nulls", "事件 %zu：values 只能含数字、短字符串、布尔值或 null" },
    { "event %zu: %s must be 1 to %d letters, digits or _ . : -", "事件 %zu：%s 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "event %zu: an event is a JSON object", "事件 %zu：事件须为 JSON 对象" },
    { "event %zu: battery must be 0 to 100", "事件 %zu：battery 须为 0 至 100" },
    { "event %zu: signal must be -200 to 100", "事件 %zu：signal 须为 -200 至 100" },
    { "event %zu: location must be a string or {lon, lat}", "事件 %zu：location 须为字符串或 {lon, lat}" },
    { "event %zu: location is too long", "事件 %zu：location 过长" },
    { "event %zu: a batch holds only \"events\"", "事件 %zu：批量消息只能含 \"events\"" },
    { "event %zu: device_id names another device", "事件 %zu：device_id 指向另一台设备" },
    { "event %zu: a status message needs a status", "事件 %zu：状态消息须带 status" },
    { "event %zu: %s", "事件 %zu：%s" },
    { "events must be a list of 1 to %zu events", "events 须为 1 至 %zu 个事件的列表" },
    { "a device message holds at most %d bytes", "设备消息最多 %d 字节" },
    { "a device message is a status or telemetry", "设备消息须为 status 或 telemetry" },
    { "no enabled device %s", "没有已启用的设备 %s" },
    { "device credentials required (HTTP Basic device_id:secret)", "需要设备凭据（HTTP Basic device_id:secret）" },
    { "device ingestion is not running", "设备接入服务未运行" },
    { "could not take the events", "无法接收这些事件" },
    { "statuses must be a list of 1 to %d statuses", "statuses 须为 1 至 %d 个状态的列表" },
    { "statuses[%d]: %s", "statuses[%d]：%s" },
    { "statuses[%d]: status, alarm and category are 1 to %d letters, digits or _ . : -", "statuses[%d]：status、alarm 和 category 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "statuses[%d]: an alarm needs a severity (critical, major, minor or warning)", "statuses[%d]：告警须有级别（critical、major、minor 或 warning）" },
    { "statuses[%d]: status %s is listed twice", "statuses[%d]：状态 %s 重复" },
    { "statuses[%d]: no enabled category %s", "statuses[%d]：没有已启用的类别 %s" },
    { "code must be 1 to %d letters, digits or _ . : -", "code 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "statuses must hold \"normal\" without an alarm", "statuses 须含不带告警的 \"normal\"" },
    { "offline_s must exceed heartbeat_s and be %d s to 30 days", "offline_s 须大于 heartbeat_s，且为 %d 秒至 30 天" },
    { "debounce_n must be 1 to 1000 and debounce_ms 0 to 86400000", "debounce_n 须为 1 至 1000，debounce_ms 须为 0 至 86400000" },
    { "device type %s exists", "设备类型 %s 已存在" },
    { "device type %s has no status %s", "设备类型 %s 没有状态 %s" },
    { "device_id must be 1 to %d letters, digits or _ . : -", "device_id 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "type must name a device type", "type 须为设备类型编码" },
    { "a device secret has 8 to 128 bytes", "设备密钥须为 8 至 128 字节" },
    { "no device type %s", "设备类型 %s 不存在" },
    { "owner_unit_id: no unit %lld", "owner_unit_id：单位 %lld 不存在" },
    { "device %s exists", "设备 %s 已存在" },
    { "device_id and secret do not change here", "device_id 与密钥不能在此修改" },
    { "no such device type", "设备类型不存在" },
    { "could not read the device types", "无法读取设备类型" },
    { "could not read the device type", "无法读取设备类型" },
    { "online must be 0 or 1", "online 须为 0 或 1" },
    { "type and status are 1 to %d letters, digits or _ . : -", "type 和 status 须为 1 至 %d 个字母、数字或 _ . : -" },
    { "division_id must be a division's id", "division_id 须为区划编号" },
    { "division_id: no such division", "division_id：区划不存在" },
    { "could not list the devices", "无法列出设备" },
    { "enabled must be true or false", "enabled 须为 true 或 false" },
    { "no such device", "设备不存在" },
    { "could not read the device", "无法读取设备" },
    { "since_ms must be Unix milliseconds", "since_ms 须为 Unix 毫秒时间" },
    { "could not read the readings", "无法读取设备读数" },
    { "could not count the devices", "无法统计设备" },
    { "state must be active or cleared", "state 须为 active（活动）或 cleared（已清除）" },
    { "acked must be 0 or 1", "acked 须为 0 或 1" },
    { "severity must be critical, major, minor or warning", "severity 须为 critical、major、minor 或 warning" },
    { "could not list the alarms", "无法列出告警" },
    { "the alarm is already acknowledged", "该告警已确认" },
    { "no such alarm", "告警不存在" },
    { "could not acknowledge the alarm", "无法确认告警" },
    /* the text classifier (智能分类) */
    { "no classifier model is active", "没有启用的分类模型" },
    { "could not classify the text", "无法对文本分类" },
    { "could not list the models", "无法列出分类模型" },
    { "no such model", "分类模型不存在" },
    { "the stored model is damaged and cannot be used", "存储的分类模型已损坏，无法使用" },
    { "could not read the model", "无法读取分类模型" },
};

/* Messages that embed another message, or jansson's own text: each text capture is translated in turn
 * (by both tables and the words below) before it goes into the Chinese form. jansson's parse errors end
 * in " near '<the token>'" or " near end of file"; its unpack errors name JSON types. */
static const struct { const char *en, *zh; } nested[] = {
    { "malformed JSON at line %d column %d: %s", "JSON 格式错误（第 %d 行第 %d 列）：%s" },
    { "location: %s", "位置：%s" },
    /* a linked batch names the member that failed and why (partners/ledger_svc.c) */
    { "transfer %d: %s", "第 %d 笔流水：%s" },
    { "transfer %d (client_id %s): %s", "第 %d 笔流水（client_id %s）：%s" },
    { "%s near '%s'", "%s（位于「%s」附近）" },
    { "%s near end of file", "%s（位于末尾）" },
    { "Expected %s, got %s", "类型错误：应为%s，实际为%s" },
    /* the administrator's forms name what they write ("no such unit") */
    { "the %s is not valid", "%s无效" },
    { "no such %s", "%s不存在" },
    { "could not list %s", "无法列出%s" },
    { "could not save the %s", "无法保存%s" },
    { "this %s conflicts with an existing one (duplicate code or name?)", "此%s与已有记录冲突（编码或名称重复？）" },
    { "a %s needs a division_id (the scope)", "%s需要指定 division_id（管辖范围）" },
    /* jansson's parser (json_loadb) */
    { "'[' or '{' expected", "应为「[」或「{」" },
    { "':' expected", "应为「:」" },
    { "']' expected", "应为「]」" },
    { "'}' expected", "应为「}」" },
    { "string or '}' expected", "应为字符串或「}」" },
    { "end of file expected", "JSON 已结束，其后不应再有内容" },
    { "unexpected token", "意外的符号" },
    { "invalid token", "无效的符号" },
    { "unexpected newline", "字符串中有换行" },
    { "premature end of input", "输入意外结束" },
    { "control character %s", "控制字符 %s" },
    { "invalid escape", "无效的转义序列" },
    { "invalid Unicode escape %s", "无效的 Unicode 转义 %s" },
    { "invalid Unicode %s", "无效的 Unicode 字符 %s" },
    { "unable to decode byte %s", "无法解码字节 %s（不是 UTF-8）" },
    { "too big integer", "整数过大" },
    { "too big negative integer", "负整数过小" },
    { "real number overflow", "实数溢出" },
    { "maximum parsing depth reached", "超过最大嵌套深度" },
    { "duplicate object key", "对象的键重复" },
    { "NUL byte in object key not supported", "对象的键中不能有 NUL 字节" },
    { "\\u0000 is not allowed without JSON_ALLOW_NUL", "不允许 \\u0000" },
    /* jansson's unpacker (json_unpack_ex with JSON_STRICT) */
    { "Object item not found: %s", "缺少字段：%s" },
    { "%d object item(s) left unpacked: %s", "有 %d 个未知字段：%s" },
    { "%d array item(s) left unpacked", "数组多出 %d 项" },
    { "Array index %d out of range", "数组下标 %d 超出范围" },
    { "Invalid UTF-8 %s", "%s 不是有效的 UTF-8" },
};

/* The JSON types jansson names in "Expected %s, got %s" and the things the administrator's forms write;
 * only ever a capture of a nested template. */
static const struct { const char *en, *zh; } words[] = {
    { "object", "对象" }, { "array", "数组" }, { "string", "字符串" }, { "integer", "整数" }, { "real", "小数" },
    { "real or integer", "数字" }, { "true or false", "布尔值" }, { "true", "true" }, { "false", "false" },
    { "null", "null" },
    { "unit", "单位" }, { "units", "单位" }, { "division", "区划" }, { "divisions", "区划" }, { "category", "类别" },
    { "categories", "类别" }, { "routing rule", "派单规则" }, { "routing rules", "派单规则" }, { "rule", "规则" },
    { "place", "地点" }, { "places", "地点" }, { "article", "知识库条目" }, { "user", "用户" }, { "users", "用户" },
    { "dictionary entry", "字典项" }, { "dictionary entries", "字典项" },
};

#define N_MSGS (sizeof msgs / sizeof msgs[0])
#define N_NESTED (sizeof nested / sizeof nested[0])
#define N_WORDS (sizeof words / sizeof words[0])

const char *gw_msg_template_en(size_t i)
{
    return i < N_MSGS ? msgs[i].en : i < N_MSGS + N_NESTED ? nested[i - N_MSGS].en : NULL;
}
const char *gw_msg_template_zh(size_t i)
{
    return i < N_MSGS ? msgs[i].zh : i < N_MSGS + N_NESTED ? nested[i - N_MSGS].zh : NULL;
}

#define MAX_CAPS 8

typedef struct { const char *p; size_t n; } cap;

/* The length of the placeholder at t ('%' then flags up to the conversion), 0 when t is none.
 * *text is set when it captures text (%s, %.Ns), else it captures an integer. */
static size_t spec_len(const char *t, int *text)
{
    if (t[0] != '%') return 0;
    size_t i = 1;
    while (t[i] == '.' || (t[i] >= '0' && t[i] <= '9') || t[i] == 'l' || t[i] == 'z') i++;
    if (t[i] == 's') { *text = 1; return i + 1; }
    if (t[i] == 'd') { *text = 0; return i + 1; }
    if (t[i] == 'u' && t[i - 1] == 'z') { *text = 0; return i + 1; }
    return 0;
}

/* Does s match template t to their ends? Captures go to caps[k...]; backtracks over text captures. */
static int match(const char *t, const char *s, cap *caps, int k)
{
    for (;;) {
        int text = 0;
        size_t sl = spec_len(t, &text);
        if (!sl) {
            if (*t != *s) return 0;
            if (!*t) return 1;
            t++, s++;
            continue;
        }
        if (k >= MAX_CAPS) return 0;
        if (!text) {
            size_t n = *s == '-' ? 1 : 0;
            while (s[n] >= '0' && s[n] <= '9') n++;
            if (n == 0 || (n == 1 && *s == '-')) return 0;
            caps[k] = (cap){ s, n };
            return match(t + sl, s + n, caps, k + 1);
        }
        for (size_t n = 0;; n++) {
            caps[k] = (cap){ s, n };
            if (match(t + sl, s + n, caps, k + 1)) return 1;
            if (!s[n]) return 0;
        }
    }
}

/* Append n bytes of p to out[*len] within cap n_out, never splitting a UTF-8 sequence. */
static void put(char *out, size_t n_out, size_t *len, const char *p, size_t n)
{
    size_t room = n_out - 1 - *len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out + *len, p, n);
    *len += n;
    out[*len] = '\0';
}

/* Write the Chinese form of template zh to out, with the captures of its English form; a nested
 * template's text captures are translated in turn (depth levels deep). */
static void render(const char *zh, const cap *caps, int nest, int depth, char *out, size_t n, size_t *len);

/* Translate s[0..sn) into out at *len: 1 when a template (or, nested, a word) matched, else the text as is. */
static int translate(const char *s, size_t sn, int nested_capture, int depth, char *out, size_t n, size_t *len)
{
    char buf[512];
    if (sn >= sizeof buf) sn = sizeof buf - 1;
    memcpy(buf, s, sn);
    buf[sn] = '\0';
    cap caps[MAX_CAPS];
    for (size_t i = 0; i < N_MSGS; i++)
        if (match(msgs[i].en, buf, caps, 0)) { render(msgs[i].zh, caps, 0, depth, out, n, len); return 1; }
    for (size_t i = 0; i < N_NESTED; i++)
        if (match(nested[i].en, buf, caps, 0)) { render(nested[i].zh, caps, 1, depth, out, n, len); return 1; }
    for (size_t i = 0; nested_capture && i < N_WORDS; i++)
        if (!strcmp(words[i].en, buf)) { put(out, n, len, words[i].zh, strlen(words[i].zh)); return 1; }
    put(out, n, len, s, sn);
    return 0;
}

static void render(const char *zh, const cap *caps, int nest, int depth, char *out, size_t n, size_t *len)
{
    int k = 0;
    for (const char *z = zh; *z;) {
        int text = 0;
        size_t sl = spec_len(z, &text);
        if (sl && k < MAX_CAPS) {
            if (nest && text && depth < 3) translate(caps[k].p, caps[k].n, 1, depth + 1, out, n, len);
            else put(out, n, len, caps[k].p, caps[k].n);
            k++;
            z += sl;
        } else {
            const char *next = strchr(z + 1, '%');
            size_t lit = next ? (size_t)(next - z) : strlen(z);
            put(out, n, len, z, lit);
            z += lit;
        }
    }
}

int gw_msg_translate(const char *english, char *out, size_t n)
{
    if (!out || !n) return 0;
    out[0] = '\0';
    if (!english) return 0;
    size_t len = 0;
    return translate(english, strlen(english), 0, 0, out, n, &len);
}

/* One language tag of a comma-separated list: its primary subtag and whether q is 0. */
static gw_lang tag_lang(const char *p, size_t n, int *known)
{
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    *known = 0;
    const char *semi = memchr(p, ';', n);
    if (semi) {
        const char *q = semi + 1;
        while (q < p + n && *q == ' ') q++;
        if (q + 1 < p + n && q[0] == 'q' && q[1] == '=') {
            int zero = 1;
            for (const char *c = q + 2; c < p + n; c++)
                if (*c >= '1' && *c <= '9') zero = 0;
            if (zero) return GW_LANG_ZH;
        }
    }
    size_t tl = semi ? (size_t)(semi - p) : n;
    if (tl >= 2 && (p[0] | 0x20) == 'z' && (p[1] | 0x20) == 'h' && (tl == 2 || p[2] == '-' || p[2] == ' ')) { *known = 1; return GW_LANG_ZH; }
    if (tl >= 2 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'n' && (tl == 2 || p[2] == '-' || p[2] == ' ')) { *known = 1; return GW_LANG_EN; }
    return GW_LANG_ZH;
}

gw_lang gw_lang_parse(const char *h)
{
    if (!h) return GW_LANG_ZH;
    for (int i = 0; *h && i < 32; i++) {
        const char *comma = strchr(h, ',');
        size_t n = comma ? (size_t)(comma - h) : strlen(h);
        int known;
        gw_lang l = tag_lang(h, n, &known);
        if (known) return l;
        if (!comma) break;
        h = comma + 1;
    }
    return GW_LANG_ZH;
}
