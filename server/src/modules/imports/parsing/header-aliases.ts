/**
 * Column headers seen in DMS exports (Chinese and English), per canonical field, most
 * specific first: when a file has several columns for one field (手机 and 电话), the
 * earlier alias is tried first.
 */
export const CANONICAL_FIELDS = [
  'name',
  'mobile',
  'gender',
  'birthday',
  'address',
  'occupation',
  'regionClass',
  'plate',
  'vin',
  'brand',
  'series',
  'model',
  'deliveryDate',
  'usage',
  'mileageKm',
  'mileageDate',
  'roNumber',
  'serviceDate',
  'dateOut',
  'serviceType',
  'amountYuan',
  'paid',
  'payer',
  'advisorName',
  'profitYuan'
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

// prettier-ignore
export const HEADER_ALIASES: Readonly<Record<CanonicalField, readonly string[]>> = {
  name: ['客户姓名', '车主姓名', '姓名', '客户名称', '车主名称', '客户名', '客户', '车主', 'name', 'customer name',
    'customer', 'owner name', 'owner'],
  mobile: ['手机号码', '手机号', '手机', '客户手机', '车主手机', '联系手机', '移动电话', '联系电话', '联系方式',
    '客户电话', '车主电话', '电话', '电话号码', 'mobile', 'mobile phone', 'mobile no', 'cellphone', 'cell phone',
    'phone', 'phone number', 'tel', 'telephone'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '出生年月日', '客户生日', 'birthday', 'date of birth', 'birth date', 'dob'],
  address: ['地址', '地区', '联系地址', '家庭住址', '住址', '所在地区', 'address', 'region'],
  occupation: ['职业', '职业类别', '职业类型', 'occupation'],
  regionClass: ['区域类别', '区域类型', '区域分类', 'region class', 'area type'],
  plate: ['车牌号', '车牌', '车牌号码', '牌照号', '牌照号码', '号牌号码', 'plate', 'plate no', 'plate number',
    'license plate', 'licence plate'],
  vin: ['vin', 'vin码', 'vin号', '车架号', '车架号码', '底盘号', '车辆识别代号', '车辆识别码', '车辆识别号',
    'chassis no', 'chassis number'],
  brand: ['品牌', '车辆品牌', 'brand', 'make'],
  series: ['车系', '车系名称', 'series'],
  model: ['车型', '车型名称', '车款', 'model'],
  deliveryDate: ['购车日期', '开票日期', '交车日期', '销售日期', '购买日期', '发票日期', 'purchase date',
    'delivery date', 'invoice date', 'sale date'],
  usage: ['使用性质', '用途', '车辆用途', '车辆性质', 'usage', 'use'],
  /** The day a customers file's mileage was read; without it the km is reported, not a reading. */
  mileageDate: ['里程日期', '行驶里程日期', '里程读取日期', '读表日期', '里程登记日期', '里程更新日期', 'mileage date',
    'odometer date'],
  mileageKm: ['进厂里程', '行驶里程', '里程', '当前里程', '里程数', '公里数', '表显里程', 'mileage', 'odometer'],
  roNumber: ['工单号', '委托书号', '维修工单号', '工单编号', '委托书编号', '维修单号', 'ro number', 'ro no', 'ro',
    'repair order', 'repair order no', 'repair order number', 'work order', 'work order no'],
  serviceDate: ['进厂日期', '进厂时间', '结算日期', '结算时间', '维修日期', '服务日期', '接车日期', 'service date',
    'date in', 'visit date'],
  dateOut: ['出厂日期', '出厂时间', '完工日期', 'date out', 'completion date'],
  serviceType: ['维修类型', '维修类别', '业务类型', '工单类型', '服务类型', '维修性质', 'service type', 'ro type',
    'repair type'],
  amountYuan: ['结算金额', '工单金额', '总金额', '金额', '应收金额', '实收金额', '合计金额', '费用合计', 'amount',
    'total', 'total amount'],
  paid: ['是否付费', '付费', '是否有偿', '有偿', 'paid'],
  payer: ['付费类型', '结算类型', '结算方式', '付费方式', '付费性质', '结算性质', '付费方', 'payer', 'payer type',
    'payment type', 'billing type'],
  advisorName: ['服务顾问', '接待顾问', '维修顾问', '顾问', '接待员', 'service advisor', 'advisor'],
  profitYuan: ['毛利', '利润', '毛利额', '毛利润', 'profit', 'gross profit']
};
