//! China's provincial-level divisions (省级行政区), with their GB/T 2260 codes and names.
//!
//! Resident ID numbers and unified social credit codes start with the code of the division that
//! issued them; a courier's profile names the province where they work.

use serde::{Deserialize, Serialize};

use crate::lang::LocalizedText;

macro_rules! provinces {
    ($($variant:ident = $code:literal, $zh:literal, $en:literal;)*) => {
        /// A provincial-level division of China, named in pinyin; `code()` is its GB/T 2260 code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Province {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl Province {
            /// Every province-level division, in code order.
            pub const ALL: &'static [Province] = &[$(Province::$variant),*];

            /// Two-digit GB/T 2260 code, e.g. `"37"` for Shandong.
            pub fn code(self) -> &'static str {
                match self { $(Province::$variant => $code,)* }
            }

            /// The division whose GB/T 2260 code is `code`.
            ///
            /// ```
            /// use waystation::province::Province;
            /// assert_eq!(Province::from_code("37"), Some(Province::Shandong));
            /// assert_eq!(Province::from_code("99"), None);
            /// ```
            pub fn from_code(code: &str) -> Option<Province> {
                match code { $($code => Some(Province::$variant),)* _ => None }
            }

            /// Human name in zh-CN and en.
            pub fn label(self) -> LocalizedText {
                match self { $(Province::$variant => LocalizedText::new($zh, $en),)* }
            }
        }
    };
}

provinces! {
    Beijing = "11", "北京市", "Beijing";
    Tianjin = "12", "天津市", "Tianjin";
    Hebei = "13", "河北省", "Hebei";
    Shanxi = "14", "山西省", "Shanxi";
    InnerMongolia = "15", "内蒙古自治区", "Inner Mongolia";
    Liaoning = "21", "辽宁省", "Liaoning";
    Jilin = "22", "吉林省", "Jilin";
    Heilongjiang = "23", "黑龙江省", "Heilongjiang";
    Shanghai = "31", "上海市", "Shanghai";
    Jiangsu = "32", "江苏省", "Jiangsu";
    Zhejiang = "33", "浙江省", "Zhejiang";
    Anhui = "34", "安徽省", "Anhui";
    Fujian = "35", "福建省", "Fujian";
    Jiangxi = "36", "江西省", "Jiangxi";
    Shandong = "37", "山东省", "Shandong";
    Henan = "41", "河南省", "Henan";
    Hubei = "42", "湖北省", "Hubei";
    Hunan = "43", "湖南省", "Hunan";
    Guangdong = "44", "广东省", "Guangdong";
    Guangxi = "45", "广西壮族自治区", "Guangxi";
    Hainan = "46", "海南省", "Hainan";
    Chongqing = "50", "重庆市", "Chongqing";
    Sichuan = "51", "四川省", "Sichuan";
    Guizhou = "52", "贵州省", "Guizhou";
    Yunnan = "53", "云南省", "Yunnan";
    Tibet = "54", "西藏自治区", "Tibet";
    Shaanxi = "61", "陕西省", "Shaanxi";
    Gansu = "62", "甘肃省", "Gansu";
    Qinghai = "63", "青海省", "Qinghai";
    Ningxia = "64", "宁夏回族自治区", "Ningxia";
    Xinjiang = "65", "新疆维吾尔自治区", "Xinjiang";
    Taiwan = "71", "台湾省", "Taiwan";
    HongKong = "81", "香港特别行政区", "Hong Kong";
    Macao = "82", "澳门特别行政区", "Macao";
}
