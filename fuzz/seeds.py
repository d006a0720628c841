#!/usr/bin/env python3
"""fuzz/seeds.py — writes the hand-made seed corpora under fuzz/corpus/<target>/ (valid and near-valid
inputs; ids and codes are those of the demo city, `gridwork demo --tickets 20`). Run it again after
changing a seed here; the fuzzers' own finds are not committed. Usage: python3 fuzz/seeds.py"""
import base64, io, json, os, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
DEV = 'Authorization: Basic ' + base64.b64encode(b'MC-001:demo-device').decode()
FORM = 'Content-Type: application/x-www-form-urlencoded'


def req(method, target, body=None, headers=()):
    b = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body, ensure_ascii=False)
    head = f'{method} {target}\n' + ''.join(h + '\n' for h in headers) + '\n'
    out = head.encode()
    if b is not None:
        out += b if isinstance(b, bytes) else b.encode()
    return out


API = {
    'tickets': [
        req('GET', '/api/v1/tickets?status=reported&limit=5'),
        req('GET', '/api/v1/tickets?q=%23123&overdue=1&from=2026-01-01&to=2026-12-31'),
        req('GET', '/api/v1/tickets?q=13729306769&source=resident&category_id=2&cursor=9'),
        req('GET', '/api/v1/tickets/export.xlsx?ids=1,2,3'),
        req('GET', '/api/v1/tickets/3'), req('GET', '/api/v1/tickets/1/timeline'),
        req('GET', '/api/v1/tickets/1/reporter'),
        req('POST', '/api/v1/tickets', {"category_code": "0101", "description": "井盖缺失", "location": {"lon": 120.1125, "lat": 30.2125}, "urgency": 2}),
        req('POST', '/api/v1/tickets', {"category_id": 2, "description": "road", "address": "中山路1号", "coord": "gcj02", "reporter_name": "李", "reporter_phone": "13800000000", "photos": []}),
        req('POST', '/api/v1/tickets', {"category_id": 2, "description": "x", "division_id": 30}),
        req('POST', '/api/v1/tickets/5/actions', {"action": "accept", "version": 1}),
        req('POST', '/api/v1/tickets/5/actions', {"action": "dispatch", "unit_id": 5, "note": "请处理", "version": 2}),
        req('POST', '/api/v1/tickets/5/actions', {"action": "locate", "location": {"lon": 120.1, "lat": 30.2}, "coord": "wgs84", "division_id": 30}),
        req('POST', '/api/v1/tickets/5/actions', {"action": "extend", "days": 3, "note": "n"}),
        req('POST', '/api/v1/tickets/5/actions', {"action": "handle", "result": "done", "after_photos": [], "kb_ids": [1]}),
        req('POST', '/api/v1/tickets/5/urge', {"note": "快点"}), req('POST', '/api/v1/tickets/2/revisit', {"result": "satisfied", "note": "ok"}),
        req('POST', '/api/v1/tickets/5/assists', {"unit_ids": [3, 10], "note": "协办"}),
        req('POST', '/api/v1/tickets/5/assists/1/actions', {"action": "accept"}),
        req('GET', '/api/v1/track/DSHHN785Z5'), req('POST', '/api/v1/track/DSHHN785Z5/rating', {"rating": 5, "comment": "好"}),
        req('POST', '/api/v1/public/reports', {"category_code": "0101", "description": "路灯坏了", "location": {"lon": 120.11, "lat": 30.21}, "reporter_phone": "13800000001"}),
        req('GET', '/api/v1/public/categories'), req('POST', '/api/v1/classify', {"text": "路灯不亮了"}),
        req('GET', '/api/v1/stats/summary?from=2026-01-01&to=2026-12-31'), req('GET', '/api/v1/grids/at?lon=120.1125&lat=30.2125&coord=gcj02'),
        req('POST', '/api/v1/files', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00', ['Content-Type: image/png']),
        req('POST', '/api/v1/files', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01', ['Content-Type: image/jpeg']),
        req('GET', '/api/v1/warnings?kind=rise&state=open&limit=5'), req('GET', '/api/v1/warnings/1'),
        req('POST', '/api/v1/warnings/1/ack', {"note": "已通知"}), req('POST', '/api/v1/warnings/run'),
        req('GET', '/api/v1/review-queue?limit=5'), req('POST', '/api/v1/tickets/1/classify', {"category_code": "0101"}),
        req('GET', '/api/v1/classifier/stats?from=2026-01-01&to=2026-12-31'), req('GET', '/api/v1/classifier/examples'),
        req('GET', '/api/v1/tickets/1/duplicates?limit=3'),
        req('POST', '/api/v1/tickets/duplicates', {"location": {"lon": 120.1125, "lat": 30.2125}, "description": "井盖"}),
        req('POST', '/api/v1/tickets/2/merge', {"parent_id": 1, "note": "同一井盖"}), req('POST', '/api/v1/tickets/2/unmerge', {"note": "不是同一处"}),
    ],
    'admin': [
        req('GET', '/api/v1/me'), req('GET', '/api/v1/meta/limits'), req('GET', '/api/v1/me/logins?limit=5'),
        req('GET', '/api/v1/me/sessions'), req('DELETE', '/api/v1/me/sessions/99'), req('GET', '/api/v1/sessions?user_id=1'),
        req('GET', '/api/v1/users?q=grid&role=grid_worker'),
        req('POST', '/api/v1/users', {"username": "fz1", "display_name": "Fuzz", "role": "dispatcher", "password": "a-long-password-1", "unit_id": 5, "division_id": 1, "enabled": True}),
        req('PUT', '/api/v1/users/3', {"display_name": "改名", "enabled": False}), req('POST', '/api/v1/users/3/unlock', {}),
        req('GET', '/api/v1/units'), req('POST', '/api/v1/units', {"code": "fz", "name": "测试单位", "level": "district", "division_id": 2, "phone": "0571-1", "enabled": True}),
        req('PUT', '/api/v1/units/5', {"name": "城管", "enabled": True}), req('PUT', '/api/v1/units/5/parent', {"parent_unit_id": 3}),
        req('GET', '/api/v1/units/3/subunits'),
        req('GET', '/api/v1/divisions?geometry=1'), req('GET', '/api/v1/divisions/8'),
        req('POST', '/api/v1/divisions', {"level": "grid", "code": "339901001001099", "name": "网格", "parent_id": 8, "geometry": {"type": "Polygon", "coordinates": [[[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.2]]]}}),
        req('PUT', '/api/v1/divisions/8', {"name": "社区", "fallback_unit_id": 5, "geometry": {"type": "MultiPolygon", "coordinates": [[[[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.2]]]]}}),
        req('GET', '/api/v1/categories'), req('POST', '/api/v1/categories', {"code": "0199", "name": "其他", "parent_code": "01", "dispatch_hours": 2, "handle_hours": 48, "enabled": True}),
        req('PUT', '/api/v1/categories/2', {"name": "井盖", "handle_hours": 24, "review": False}),
        req('GET', '/api/v1/routing-rules'), req('GET', '/api/v1/routing-rules/test?category_id=2&division_id=30'),
        req('POST', '/api/v1/routing-rules', {"category_id": 2, "division_id": 8, "unit_id": 5, "cc_unit_ids": [3], "handle_hours": 24, "mode": "auto", "enabled": True}),
        req('PUT', '/api/v1/routing-rules/1', {"unit_id": 3, "mode": "review"}), req('DELETE', '/api/v1/routing-rules/99'),
        req('GET', '/api/v1/dictionaries'), req('PUT', '/api/v1/dictionaries/urgency/1', {"zh": "一般", "en": "normal"}),
        req('DELETE', '/api/v1/dictionaries/urgency/9'), req('GET', '/api/v1/models'), req('POST', '/api/v1/models/1/activate', {}),
        req('GET', '/api/v1/audit?actor=1&action=user.create&from=2026-01-01&to=2026-12-31&limit=5&offset=0'),
        req('POST', '/api/v1/audit/verify'),
    ],
    'kb': [
        req('GET', '/api/v1/kb?q=社保&status=published'), req('GET', '/api/v1/kb/1'),
        req('POST', '/api/v1/kb', {"title": "办事指南", "body": "正文", "category": "社保", "tags": "a,b", "status": "draft"}),
        req('PATCH', '/api/v1/kb/1', {"title": "新标题", "status": "published"}), req('DELETE', '/api/v1/kb/2'),
        req('GET', '/api/v1/places?q=中山路&kind=house&limit=10'), req('GET', '/api/v1/places/roads'), req('GET', '/api/v1/places/2'),
        req('POST', '/api/v1/places', {"kind": "house", "name": "中山路9号", "road": "中山路", "number": "9号", "aliases": [], "lon": 120.1, "lat": 30.2}),
        req('PATCH', '/api/v1/places/2', {"name": "中山路2号", "lon": 120.11, "lat": 30.21}), req('DELETE', '/api/v1/places/3'),
        req('POST', '/api/v1/places/import', 'kind,name,road,number,lon,lat\nhouse,中山路7号,中山路,7号,120.1,30.2\n', ['Content-Type: text/csv']),
    ],
    'devices': [
        req('GET', '/api/v1/device-types'), req('GET', '/api/v1/device-types/manhole'),
        req('POST', '/api/v1/device-types', {"code": "smoke", "name": "烟感", "statuses": [{"status": "normal"}, {"status": "fire", "alarm": "fire", "severity": "critical", "category": "0101"}], "heartbeat_s": 300, "offline_s": 900, "debounce_n": 2, "debounce_ms": 0}),
        req('PUT', '/api/v1/device-types/manhole', {"name": "井盖", "offline_s": 600}),
        req('GET', '/api/v1/devices?type=manhole&status=normal&online=1&limit=5'), req('GET', '/api/v1/devices/1'),
        req('POST', '/api/v1/devices', {"device_id": "FZ-1", "type": "manhole", "name": "井盖", "lon": 120.1125, "lat": 30.2125, "address": "中山路", "enabled": True}),
        req('PUT', '/api/v1/devices/1', {"name": "井盖1", "enabled": False}), req('DELETE', '/api/v1/devices/2'),
        req('POST', '/api/v1/devices/1/secret', {}), req('GET', '/api/v1/devices/1/readings?from=2026-01-01&limit=10'),
        req('POST', '/api/v1/devices/import', 'device_id,type,name,lon,lat\nFZ-2,manhole,井盖2,120.1,30.2\n', ['Content-Type: text/csv']),
        req('GET', '/api/v1/iot/summary'), req('GET', '/api/v1/alarms?state=open&severity=critical&offset=0&limit=10'),
        req('POST', '/api/v1/alarms/1/ack', {"note": "收到"}),
    ],
    'iot': [
        req('POST', '/api/v1/iot/events', {"status": "tilted", "ts": 1796689428921, "battery": 80, "signal": -70}, [DEV]),
        req('POST', '/api/v1/iot/events', {"events": [{"status": "normal", "values": {"tilt": 1.5, "ok": True, "s": "x", "n": None}}, {"timestamp": "2026-12-07T08:00:00+08:00", "status": "open"}]}, [DEV]),
        req('POST', '/api/v1/iot/events', {"device_id": "MC-001", "type": "manhole", "location": {"lon": 120.1, "lat": 30.2}, "status": "missing", "timestamp": 1796689428}, [DEV]),
        req('POST', '/api/v1/iot/events?kind=telemetry', {"values": {"t": 21}}, [DEV]),
        req('POST', '/api/v1/iot/events', {"status": "normal"}, ['Authorization: Basic TUMtMDAxOndyb25n']),
        req('POST', '/api/v1/iot/video-events', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00', [DEV, 'Content-Type: image/jpeg', 'X-Status: open']),
    ],
    'ledger': [
        req('GET', '/api/v1/ledger/accounts?division_id=8&owner_kind=system'), req('GET', '/api/v1/ledger/accounts/1'),
        req('POST', '/api/v1/ledger/accounts', {"division_id": 8, "owner_kind": "resident", "owner_id": 2}),
        req('GET', '/api/v1/ledger/transfers?account_id=1&limit=5'),
        req('POST', '/api/v1/ledger/transfers', {"client_id": "fz-1", "kind": "award", "debit_account_id": 1, "credit_account_id": 3, "amount": 10, "memo": "志愿服务"}),
        req('POST', '/api/v1/ledger/transfers', {"client_id": "fz-2", "debit_account_id": 1, "credit_account_id": 3, "amount": 5, "timeout_ms": 60000}),
        req('POST', '/api/v1/ledger/transfers', {"transfers": [{"client_id": "fz-3", "debit_account_id": 1, "credit_account_id": 3, "amount": 1}, {"client_id": "fz-4", "debit_account_id": 3, "credit_account_id": 1, "amount": 1, "corrects_id": 1}]}),
        req('POST', '/api/v1/ledger/transfers/1/post', {"client_id": "fz-5", "memo": "m"}), req('POST', '/api/v1/ledger/transfers/1/void', {"client_id": "fz-6"}),
    ],
    'partners': [
        req('GET', '/api/v1/partners?type=professional&status=active&q=律师'), req('GET', '/api/v1/partners/1'), req('GET', '/api/v1/partners/1/contact'),
        req('POST', '/api/v1/partners', {"type": "professional", "kind": "organisation", "name": "测试律所", "community_id": 8, "service_area_id": 8, "tags": ["法律"], "offer": "咨询", "contact_name": "王", "contact_phone": "13905710009"}),
        req('PUT', '/api/v1/partners/1', {"offer": "新服务", "tags": ["a", "b"]}),
        req('POST', '/api/v1/partners/1/actions', {"action": "suspend", "reason": "核查"}),
        req('POST', '/api/v1/partners/2/actions', {"action": "verify", "reason": "ok", "method": "licence"}),
        req('POST', '/api/v1/resident/partner', {"type": "volunteer", "kind": "person", "name": "老周", "community_id": 8, "offer": "修自行车"}),
        req('GET', '/api/v1/resident/partner'),
        req('GET', '/api/v1/partners/1/credit?limit=5'), req('POST', '/api/v1/partners/1/certificates', {"content": "巡逻", "from": 1700000000000, "to": 1700000001000}),
        req('GET', '/api/v1/credit/ranking?community_id=8&period=year&at=2026'), req('POST', '/api/v1/certificates/1/revoke', {"reason": "填错"}),
        req('GET', '/api/v1/earn-rules'), req('POST', '/api/v1/earn-rules', {"community_id": 8, "code": "patrol", "name": "巡逻", "points": 5, "unit": "hour"}),
        req('GET', '/api/v1/service-records?limit=5'), req('POST', '/api/v1/service-records/1/actions', {"action": "confirm"}),
        req('GET', '/api/v1/activities'), req('POST', '/api/v1/activities', {"community_id": 8, "name": "巡逻", "lon": 120.11, "lat": 30.21, "radius_m": 300}),
        req('GET', '/api/v1/catalogue?kind=goods'), req('POST', '/api/v1/catalogue', {"kind": "goods", "name": "大米", "community_id": 8, "price": 10, "stock": 5}),
        req('GET', '/api/v1/orders?status=held'), req('POST', '/api/v1/orders/1/actions', {"action": "hand_over"}),
        req('GET', '/api/v1/surveys'), req('POST', '/api/v1/surveys', {"community_id": 8, "title": "需求", "questions": [{"type": "single", "prompt": "?", "options": ["a", "b"]}]}),
        req('GET', '/api/v1/visits?limit=5'), req('GET', '/api/v1/projects?limit=5'), req('POST', '/api/v1/projects/1/actions', {"action": "publish"}),
        req('GET', '/api/v1/earn-settings/8'), req('PUT', '/api/v1/earn-settings/8', {"expiry_months": 12}),
    ],
    'residents': [
        req('GET', '/api/v1/resident/me'), req('GET', '/api/v1/public/communities'),
        req('GET', '/api/v1/residents?q=138&status=active&limit=5'), req('GET', '/api/v1/residents/1'), req('GET', '/api/v1/residents/1/person'),
        req('POST', '/api/v1/residents', {"phone": "13800009999", "display_name": "新居民", "community_id": 8}),
        req('POST', '/api/v1/residents/2/verify', {"person_name": "林晓雨", "id_number": "11010519491231002X", "address": "幸福里7幢", "method": "in_person", "community_id": 8}),
        req('POST', '/api/v1/residents/2/code', {}), req('POST', '/api/v1/residents/3/disable', {"reason": "注销"}), req('POST', '/api/v1/residents/3/enable', {"reason": "恢复"}),
    ],
    'open311': [
        req('GET', '/open311/v2/discovery.json'), req('GET', '/open311/v2/services.xml'), req('GET', '/open311/v2/services/0101.json'),
        req('GET', '/open311/v2/requests.json?status=open&service_code=0101,0102&start_date=2026-11-01T00:00:00Z&end_date=2026-12-01T00:00:00Z&page_size=5'),
        req('GET', '/open311/v2/requests/DSHHN785Z5.json'), req('GET', '/open311/v2/tokens/abc.xml'),
        req('POST', '/open311/v2/requests.json', 'service_code=0101&lat=30.2125&long=120.1125&description=%E4%BA%95%E7%9B%96&first_name=Li&last_name=Wu&phone=%28138%29+0000-0001&email=a%40b.cn', [FORM]),
        req('POST', '/open311/v2/requests.xml?api_key=x', 'service_code=0102&address_string=%E4%B8%AD%E5%B1%B1%E8%B7%AF1%E5%8F%B7&description=broken&media_url=http%3A%2F%2Fexample.org%2Fa.jpg&attribute%5Bx%5D=1', [FORM]),
        req('POST', '/open311/v2/requests.json', 'service_code=0101&address_id=9', [FORM]),
    ],
}


def xlsx(rows):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr('xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>名称</t></si><si><r><t>中山</t></r><r><t>路</t></r></si></sst>')
        cells = ''.join(f'<row r="{i+1}">' + ''.join(c for c in r) + '</row>' for i, r in enumerate(rows))
        z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>')
    return b.getvalue()


def http(method, target, headers=(), body=b''):
    body = body.encode() if isinstance(body, str) else body
    h = [f'{method} {target} HTTP/1.1', 'Host: 127.0.0.1', *headers]
    if body: h.append(f'Content-Length: {len(body)}')
    return ('\r\n'.join(h) + '\r\n\r\n').encode() + body


MP = ('--XyZ\r\nContent-Disposition: form-data; name="service_code"\r\n\r\n0101\r\n'
      '--XyZ\r\nContent-Disposition: form-data; name="lat"\r\n\r\n30.2125\r\n'
      '--XyZ\r\nContent-Disposition: form-data; name="long"\r\n\r\n120.1125\r\n'
      '--XyZ\r\nContent-Disposition: form-data; name="description"\r\n\r\n\u4e95\u76d6\u574f\u4e86\r\n'
      '--XyZ\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n'
      '--XyZ--\r\n')
ADM, RES = 'Authorization: Bearer @T@', 'Cookie: gw_resident=@R@'
PURE = {
    'http': [http('GET', '/healthz'), http('GET', '/api/v1/tickets?limit=2', [ADM]), http('GET', '/api/v1/me', ['Cookie: gw_session=@T@']),
             http('POST', '/api/v1/tickets', [ADM, 'Content-Type: application/json', 'Accept-Language: zh-CN'],
                  json.dumps({"category_code": "0101", "description": "井盖", "location": {"lon": 120.1125, "lat": 30.2125}}, ensure_ascii=False)),
             http('POST', '/open311/v2/requests.json', ['Content-Type: multipart/form-data; boundary=XyZ'], MP),
             http('POST', '/open311/v2/requests.xml', ['Content-Type: application/x-www-form-urlencoded'], 'service_code=0102&address_string=%E4%B8%AD%E5%B1%B1%E8%B7%AF&description=x'),
             http('POST', '/api/v1/files', [ADM, 'Content-Type: image/png'], b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR'),
             http('POST', '/api/v1/public/files', ['Content-Type: image/jpeg'], b'\xff\xd8\xff\xe0'),
             http('GET', '/api/v1/resident/me', [RES]), http('OPTIONS', '*'), http('GET', '/a%2Fb'),
             http('POST', '/api/v1/tickets', [ADM, 'Transfer-Encoding: chunked', 'Content-Type: application/json'], b'') + b'5\r\n{"a":\r\n0\r\n\r\n',
             http('GET', '/api/v1/tickets', ['X-Forwarded-For: 1.2.3.4', 'Connection: keep-alive']) + http('GET', '/healthz'),
             b'GET / HTTP/1.0\r\n\r\n', b'GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    'iot_ingest': [json.dumps(x, ensure_ascii=False).encode() for x in [
        {"status": "normal"}, {"ts": 1796689428921, "status": "tilted", "battery": 80, "signal": -70},
        {"timestamp": "2026-12-07T08:00:00Z", "status": "open"}, {"timestamp": "2026-12-07 08:00:00.123+08:00"},
        {"timestamp": 1796689428}, {"values": {"t": 21.5, "ok": True, "s": "x", "n": None}},
        {"device_id": "MC-001", "type": "manhole", "location": {"lon": 120.1, "lat": 30.2}, "status": "missing", "timestamp": "2026-12-07T08:00:00-05:00"},
        {"device_id": "MC-001", "location": "中山路100号"}, {"events": [{"status": "normal"}, {"status": "open", "ts": 1}]},
        {"events": []}, {"status": 1}, {"battery": 101}, {"x": 1}]] + [b'{"status":"normal"', b'[]', b'{"events":[{"values":{"a":{"b":1}}}]}'],
    'mqtt': [b'gridwork/v1/devices/MC-001/status\x00{"status":"tilted","battery":90}', b'gridwork/v1/devices/SIM-0001/telemetry\x00{"values":{"t":1}}',
             b'gridwork/v1/devices//status\x00{}', b'gridwork/v1/devices/a+b/status\x00', b'$share/g1/gridwork/v1/devices/+/status', b'gridwork/v1',
             b'other/devices/x/status\x00{"events":[{"status":"normal"}]}', b'gridwork-group_1'],
    'geojson': [json.dumps(x).encode() for x in [
        {"type": "Polygon", "coordinates": [[[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.2]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [3, 2], [3, 3], [2, 2]]]},
        {"type": "MultiPolygon", "coordinates": [[[[120.1, 30.2, 5], [120.2, 30.2, 5], [120.2, 30.3, 5], [120.1, 30.2, 5]]], [[[-180, -90], [180, -90], [180, 90], [-180, -90]]]]},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}},
        {"type": "Point", "coordinates": [120, 30]}, {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [1, 1]]]},
        {"type": "Polygon", "coordinates": []}, {"type": "Polygon", "coordinates": [[[181, 1], [2, 1], [2, 2], [181, 1]]]}]],
    'config': [b'# gridwork\ndb = sqlite:/var/lib/gridwork/gw.db\nlisten = 127.0.0.1:8080\nthreads = 8\nmax_body = 65536\n',
               b'trusted_proxies = 10.0.0.0/8, 192.168.1.1, ::1, 2001:db8::/32\npublic_rate = 60\naccess_log = 0\n',
               b'mqtt_url = mqtts://user:pa%40ss@broker.example.org:8883\nmqtt_prefix = gridwork/v1\nmqtt_share_group = g1\nmqtt_client_id = gw-1\n',
               b'mqtt_host = localhost\nmqtt_port = 1883\nmqtt_cafile = /etc/ssl/ca.pem\nmqtt_user = u\nmqtt_password = p\n',
               b'listen = [::1]:8443\nlogin_concurrency = 0\nsweep_seconds = 30\nanchor_seconds = 60\niot_offline_seconds = 10\nledger_seconds = 60\n',
               b'data_dir = /srv/files\nstatic_dir = web/dist\nmax_upload = 5242880\nmax_connections = 1024\ndb_readers = 4\n',
               b'threads = -1\n', b'nokey\n', b'unknown = 1\n', b'mqtt://h:99999'],
    'sheet': [b'name,road,number\n\xe4\xb8\xad\xe5\xb1\xb1\xe8\xb7\xaf1\xe5\x8f\xb7,\xe4\xb8\xad\xe5\xb1\xb1\xe8\xb7\xaf,1\n',
              b'\xef\xbb\xbfa,"b ""quoted""",c\r\n1,"multi\r\nline",3\r\n', b'a,b\n"unterminated\n', b'x\n\xff\xfe\n', b',,,\n,\n',
              xlsx([['<c r="A1" t="s"><v>0</v></c>', '<c r="B1" t="inlineStr"><is><t>lon</t></is></c>'],
                    ['<c r="A2" t="s"><v>1</v></c>', '<c r="C2"><v>120.5</v></c>', '<c r="AA2" t="b"><v>1</v></c>']]),
              xlsx([['<c r="A1" t="s"><v>9</v></c>']])],
    'head': [b'\x01/api/v1/tickets?limit=5\nHost: a\nContent-Length: 12\nContent-Type: application/json\n',
             b'\x00/api/v1/tickets/1\nHost: a\nX-Forwarded-For: 1.2.3.4, 10.0.0.2\nX-Real-IP: 5.6.7.8\n',
             b'\x04*\nHost: a\n', b'\x01/x\nHost: a\nTransfer-Encoding: chunked\nContent-Length: 5\n',
             b'\x01/x\nHost: a\nTransfer-Encoding: gzip, chunked\n', b'\x08/x\nContent-Length: 0001\nContent-Length: 1\n',
             b'\x00/a%2Fb\nHost: a\nHost: b\n', b'\x00http://a/x\nHost: a\n', b'\x00/x\nHost: a\nX-Forwarded-For: ::ffff:10.0.0.1, 2001:db8::5\nX-Forwarded-For: 192.168.1.1\n'],
    'query': [b'limit=5&offset=10\n{"a":1}', b'state=reported&category=3&q=%E8%B7%AF%E7%81%AF+x\n{"description":"\\u8def","n":[1,2.5e3,true,null]}',
              b'limit=0&offset=-1', b'limit=999999999999999999999&offset=x', b'x%27y=1&&=&limit\n{"a":1,"a":2}', b'\n[1]', b'\n{"s":"\xff"}'],
}


def main():
    sets = {f'api_{k}': v for k, v in API.items()}
    sets.update(PURE)
    for name, items in sets.items():
        d = os.path.join(ROOT, name)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.startswith('seed-'):
                os.remove(os.path.join(d, f))
        for i, data in enumerate(items):
            with open(os.path.join(d, f'seed-{i:03d}'), 'wb') as fh:
                fh.write(data)
    print(f'{sum(len(v) for v in sets.values())} seeds in {len(sets)} corpora under {ROOT}')


if __name__ == '__main__':
    main()
