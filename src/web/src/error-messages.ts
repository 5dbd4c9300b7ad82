// The API's error codes and validation rules in Chinese: pure, so unit tests can check the wording.
import type { ErrorDetail } from './api/client';

/** The API's stable error codes (docs/api.md "Errors") in Chinese. */
export const CODE_MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '填写的内容有误，请按提示修改',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '记录不存在，或不在您的管辖范围内',
  METHOD_NOT_ALLOWED: '不支持的操作',
  CONFLICT: '操作与当前状态冲突，请刷新后重试',
  DUPLICATE: '已存在相同的记录',
  VERSION_CONFLICT: '该记录已被他人修改，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容或文件过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件类型',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  NOT_READY: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务器出错，请稍后再试或联系管理员',
  NETWORK: '网络连接失败，请检查网络后重试',
};

/** class-validator's rule names (and the service's own) in Chinese, for messages beside fields. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  isNotEmpty: '不能为空',
  isString: '须为文字',
  isArray: '须为列表',
  arrayUnique: '不能重复',
  isObject: '格式不正确',
  nestedValidation: '格式不正确',
  isTeamUser: '须为该小组所属单位的在岗人员',
  isCluster: '不是有效的产业集群',
  isSegmentOfCluster: '不属于所选产业集群的产业链环节',
  isGuangxiUnit: '须为广西的行政区划',
  hasTarget: '请至少填写目标个数或目标金额',
  isUnique: '已被使用',
  isDefined: '必须填写',
  required: '必须填写',
  min: '数值过小',
  max: '数值过大',
  maxLength: '内容过长',
  minLength: '内容过短',
  isEnum: '不是可选的值',
  isIn: '不是可选的值',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isPositive: '必须大于0',
  isDateString: '日期时间格式不正确',
  isISO8601: '日期时间格式不正确',
  isEmail: '邮箱格式不正确',
  isUrl: '网址格式不正确',
  matches: '格式不正确',
  isBoolean: '必须是是/否',
  whitelistValidation: '不允许的字段',
  isNumberString: '必须是数字',
  arrayMaxSize: '选择过多',
  arrayMinSize: '至少选择一项',
  unique: '已被使用',
  duplicate: '已存在相同的记录',
  distinctName: '与已有企业同名，请确认',
  notPermitted: '超出您的管辖范围或权限',
  notFound: '不存在或不在您的管辖范围内',
  isDecimal: '小数位数过多（最多4位）',
  isCalendarDate: '日期不正确',
  isRealDateTime: '时间不正确',
  isKnownRegion: '不是有效的行政区划代码',
  isCityOrCounty: '须为设区市或县（市、区）',
  isCreditCode: '统一社会信用代码不正确',
  isCompanyName: '企业名称不正确',
  exists: '不存在或不在您的管辖范围内',
  isCursor: '分页参数已失效，请刷新',
  isOpen: '该记录已关闭',
  isPending: '该事项已处理',
  isSigned: '项目尚未签约',
  notInFuture: '不能晚于当前时间',
  isAfterFrom: '结束时间须晚于开始时间',
  notAfterTo: '开始时间不能晚于结束时间',
  notAfterDue: '提醒时间不能晚于到期时间',
  remindBeforeDue: '提醒时间须早于到期时间',
  afterCurrentStage: '不能早于当前阶段的开始时间',
  allowedTransition: '不允许移动到该阶段',
  maxSpan: '时间范围过长',
  hasParent: '没有上级单位',
  reachable: '无法送达该单位',
  isBelowOrParent: '只能交办给下级单位或上报上级单位',
  onePendingDispatch: '已有待接收的流转',
  notHolder: '您的单位不是该项目的主办单位',
  notPrimary: '不能移除主办单位',
  isParty: '不是该撞单的一方',
  loserClosable: '败方线索无法终止',
  addressedToYou: '该事项不是发给您的单位的',
  isWorkable: '该用户不能承办此事项',
  isAssignable: '不能指派给该用户',
  isRRule: '重复规则不正确',
  isAtLeastMin: '不能小于最小值',
  hasStarted: '尚未开始',
  differs: '须与原值不同',
  current: '当前值不正确',
  sameRequest: '同一幂等键已用于不同的请求',
  isSpreadsheet: '请上传 .xlsx 或 .csv 文件',
  isReadable: '文件无法读取',
  hasHeader: '缺少表头',
  hasRows: '文件中没有数据行',
  maxRows: '行数超过上限',
  templateColumns: '表头与导入模板不一致',
};

/** Rules whose message carries a bound ("must be longer than or equal to 2 characters"): the bound in Chinese. */
const BOUNDED_MESSAGES: Record<string, (bound: string) => string> = {
  minLength: (bound) => (bound === '1' ? '必须填写' : `至少 ${bound} 个字`),
  maxLength: (bound) => `最多 ${bound} 个字`,
  min: (bound) => `不能小于 ${bound}`,
  max: (bound) => `不能大于 ${bound}`,
  arrayMaxSize: (bound) => `最多选择 ${bound} 项`,
  arrayMinSize: (bound) => `至少选择 ${bound} 项`,
};

/**
 * The Chinese message for one detail: the form's own wording for its rule (`overrides`), the rule's bound, the rule's
 * name, else a generic Chinese message (the API's `message` is English and never shown beside a field).
 */
export function detailMessage(detail: ErrorDetail, overrides: Record<string, string> = {}): string {
  const constraint = detail.constraint ?? '';
  if (overrides[constraint]) return overrides[constraint];
  const bound = detail.message.match(/-?\d+(\.\d+)?/)?.[0];
  if (BOUNDED_MESSAGES[constraint] && bound !== undefined) return BOUNDED_MESSAGES[constraint](bound);
  return CONSTRAINT_MESSAGES[constraint] ?? '填写不正确';
}

/** A wait in words: seconds under two minutes, else minutes (rounded up). */
export function waitText(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 120 ? `${whole} 秒` : `${Math.ceil(whole / 60)} 分钟`;
}

const CJK = /[\u4e00-\u9fff]/;
/** What the API counts in its fixed windows (core/redis/fixed-window.ts `what`), in Chinese. */
const COUNTED_NAMES: Record<string, string> = { uploads: '上传', exports: '导出' };

/**
 * A 429 RATE_LIMITED answer in Chinese: the server's reason (its English messages turned into Chinese sentences)
 * with the wait, from Retry-After (`retryAfterSeconds`) or the message's own "try again in N s".
 */
export function rateLimitedMessage(message: string, retryAfterSeconds?: number): string {
  const stated = message.match(/try again in (\d+) ?s/i)?.[1];
  const seconds = retryAfterSeconds ?? (stated === undefined ? undefined : Number(stated));
  const wait = seconds === undefined ? '请稍后再试' : `请 ${waitText(seconds)}后再试`;
  if (/failed sign-ins/i.test(message)) return `登录失败次数过多，${wait}`;
  const counted = message.match(/more than (\d+) (\w+) in (\d+) minutes/i);
  if (counted) {
    const what = COUNTED_NAMES[counted[2].toLowerCase()] ?? '操作';
    return `${counted[3]} 分钟内${what}已超过 ${counted[1]} 次，${wait}`;
  }
  const imports = message.match(/you have (\d+) imports? waiting or running/i);
  if (imports) return `您已有 ${imports[1]} 个导入任务在排队或进行中，请待其中一个完成后再上传（${wait}）`;
  if (CJK.test(message)) return seconds === undefined ? message : `${message}（${wait}）`;
  return seconds === undefined ? CODE_MESSAGES.RATE_LIMITED : `操作过于频繁，${wait}`;
}
