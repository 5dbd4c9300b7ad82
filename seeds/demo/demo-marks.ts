/** Every demo record carries these marks, so nobody mistakes it for real data and it can be removed. */
export const DEMO_NAME_MARK = '【演示】';
export const DEMO_CODE_PREFIX = 'demo-';
