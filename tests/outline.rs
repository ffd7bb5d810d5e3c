//! The outline of mainland China (`geo::in_mainland_china`, generated from Natural Earth 1:10m by
//! `scripts/outline`) on named places: islands, border crossings, Hong Kong, Macau, Kinmen,
//! Matsu, Taiwan and the neighbours. Coordinates are WGS-84, from the places' Wikipedia
//! articles (rounded) or, for a few ports, villages and islands whose articles give none,
//! approximate to about 0.01°. Apart from the border crossings, whose distances to the line are
//! stated, every place is at least 1.3 km from the outline's line (most are several km).

use waystation::geo::in_mainland_china;

/// (name, lat, lon): mainland China, islands included.
const INSIDE: &[(&str, f64, f64)] = &[
    // The Changshan Islands (Changhai County, Dalian). Zhangzi is absent from Natural Earth
    // 1:10m; the Waichangshan group spans 39°00′31″–39°06′01″N, 122°41′59″–123°13′21″E.
    ("Zhangzi Island", 39.03, 122.73),
    ("Dachangshan Island (county seat)", 39.2725, 122.5886),
    ("Xiaochangshan Island", 39.23, 122.71),
    ("Guanglu Island", 39.18, 122.36),
    ("Haiyang Island", 39.06, 123.17),
    ("Haikou, Hainan", 20.044, 110.1999),
    ("Sanya, Hainan", 18.2528, 109.5119),
    ("Zhoushan (Dinghai)", 30.016, 122.107),
    ("Zhoushan (Shenjiamen)", 29.952, 122.298),
    ("Xiamen Island (Siming)", 24.4798, 118.0894),
    ("Gulangyu, Xiamen", 24.4475, 118.0664),
    ("Pingtan", 25.4986, 119.7911),
    ("Chongming (Chengqiao)", 31.6228, 121.3972),
    ("Weizhou Island", 21.035, 109.115),
    ("Yongxing Island (Sansha)", 16.834, 112.336),
    ("Dongshan Island", 23.70, 117.43),
    ("Nan'ao Island", 23.42, 117.02),
    ("Changdao", 37.92, 120.74),
    ("Shenzhen Bay Port", 22.505, 113.946),
    ("Shenzhen Shekou", 22.483, 113.916),
    ("Beijing", 39.9042, 116.4074),
    ("Urumqi", 43.8256, 87.6168),
    ("Lhasa", 29.652, 91.1721),
];

/// (name, lat, lon): not mainland China.
const OUTSIDE: &[(&str, f64, f64)] = &[
    ("Hong Kong, Central", 22.2819, 114.1589),
    ("Hong Kong, Kowloon", 22.3193, 114.1694),
    ("Hong Kong, Tsing Yi", 22.348, 114.103),
    ("Hong Kong, Tsuen Wan", 22.3714, 114.1139),
    ("Lantau, Tung Chung", 22.2888, 113.9416),
    ("Lantau, Mui Wo", 22.264, 114.0),
    ("Lantau, Tai O", 22.253, 113.862),
    ("Cheung Chau", 22.21, 114.028),
    ("Lamma Island", 22.2275, 114.1118),
    ("Po Toi", 22.1667, 114.2561),
    ("Tung Ping Chau", 22.544, 114.43),
    ("Sha Tau Kok, Hong Kong side", 22.543, 114.222),
    ("Macau", 22.1987, 113.5439),
    ("Taipa", 22.156, 113.556),
    ("Coloane", 22.12, 113.56),
    ("Greater Kinmen, Jincheng", 24.4341, 118.3171),
    ("Greater Kinmen, Jinsha", 24.49, 118.41),
    // Lesser Kinmen (Lieyu), absent from Natural Earth 1:10m: the township's coordinates
    // (24°25′41″N 118°14′06″E) and four points 1 km from them, on the 4.5 km by 4 km island.
    ("Lieyu", 24.42806, 118.235),
    ("Lieyu, 1 km north", 24.43706, 118.235),
    ("Lieyu, 1 km south", 24.41906, 118.235),
    ("Lieyu, 1 km east", 24.42806, 118.24487),
    ("Lieyu, 1 km west", 24.42806, 118.22513),
    // Matsu, absent from Natural Earth 1:10m (county seat 26°09′04″N 119°55′38″E).
    ("Matsu, Nangan", 26.1597, 119.9496),
    ("Matsu, Beigan", 26.225, 120.0),
    ("Matsu, Xiju", 25.97, 119.93),
    ("Matsu, Dongyin", 26.37, 120.49),
    ("Wuqiu", 24.99, 119.45),
    ("Taipei", 25.033, 121.5654),
    ("Seoul", 37.5665, 126.978),
    ("Sinuiju (across from Dandong)", 40.1006, 124.3981),
    ("Ulaanbaatar", 47.8864, 106.9057),
    ("Zamyn-Uud (across from Erenhot)", 43.7167, 111.9),
    ("Zabaykalsk (across from Manzhouli)", 49.6425, 117.3267),
    ("Blagoveshchensk (across from Heihe)", 50.2907, 127.5272),
    ("Hanoi", 21.0278, 105.8342),
    ("Lao Cai (across from Hekou)", 22.4856, 103.9707),
    ("Muse (across from Ruili)", 23.9787, 97.9027),
    ("Dostyk (across from Alashankou)", 45.25333, 82.48444),
    ("Almaty", 43.222, 76.8512),
    ("Kathmandu", 27.7172, 85.324),
    ("Tokyo", 35.6812, 139.7671),
];

/// A point on the China side of a border crossing, how far it is from the outline's line, and
/// the place across, which must be outside.
struct Crossing {
    name: &'static str,
    /// WGS-84 (lat, lon).
    point: (f64, f64),
    /// Distance from the point to the nearest edge of the outline, in km.
    km: f64,
    /// What the point is.
    what: &'static str,
}

const CROSSINGS: &[Crossing] = &[
    Crossing {
        name: "Erenhot",
        point: (43.6871, 111.9361),
        km: 0.95,
        what: "1 km short of the line from Erenhot (43.6532, 111.9774) to Zamyn-Uud, \
               which crosses the outline 6.0 km from Erenhot and 3.4 km from Zamyn-Uud",
    },
    Crossing {
        name: "Khorgos",
        point: (44.21, 80.42),
        km: 4.19,
        what: "the city's centre",
    },
    Crossing {
        name: "Alashankou",
        point: (45.1812, 82.5625),
        km: 0.96,
        what: "1 km short of the line from Alashankou (45.17139, 82.57306) to Dostyk, \
               which crosses the outline 2.4 km from the city (Natural Earth corrected: see \
               the script)",
    },
    Crossing {
        name: "Ruili",
        point: (24.0075, 97.8599),
        km: 0.99,
        what: "1 km short of the line from Ruili (24.0128, 97.8519) to Muse, which crosses \
               the outline 2.0 km from Ruili",
    },
    Crossing {
        name: "Mohan",
        point: (21.1931, 101.672),
        km: 0.50,
        what: "1 km north of Boten (21.18413, 101.67202), Laos: Mohan is \"a kilometre or \
               so to the north\" (Natural Earth corrected: see the script)",
    },
    Crossing {
        name: "Hekou",
        point: (22.5293, 103.9394),
        km: 0.41,
        what: "the town's centre, across the Nanxi River from Lao Cai",
    },
    Crossing {
        name: "Pingxiang (Friendship Pass)",
        point: (21.97639, 106.71222),
        km: 0.50,
        what: "the pass, just inside China (Natural Earth corrected: see the script)",
    },
    Crossing {
        name: "Dongxing",
        point: (21.5474, 107.9714),
        km: 3.19,
        what: "the city's centre, across the Beilun River from Mong Cai",
    },
    Crossing {
        name: "Zhangmu",
        point: (27.99, 85.98),
        km: 2.74,
        what: "the town, above the Friendship Bridge",
    },
    Crossing {
        name: "Manzhouli",
        point: (49.6117, 117.3625),
        km: 0.76,
        what: "1 km short of the line from Manzhouli (49.5978, 117.3786) to Zabaykalsk, \
               which crosses the outline 2.9 km from Manzhouli",
    },
    Crossing {
        name: "Suifenhe",
        point: (44.3966, 131.1525),
        km: 0.17,
        what: "the city's centre",
    },
    Crossing {
        name: "Heihe",
        point: (50.2453, 127.4882),
        km: 0.65,
        what: "the city's centre, on the Amur across from Blagoveshchensk",
    },
    Crossing {
        name: "Dandong",
        point: (40.1245, 124.3946),
        km: 0.66,
        what: "the city's centre, on the Yalu across from Sinuiju",
    },
    Crossing {
        name: "Hunchun",
        point: (42.8627, 130.3659),
        km: 9.08,
        what: "the city's centre",
    },
];

/// Points on a circle of `km` around (lat, lon), in the local flat approximation the distances
/// above were measured with (110.57 km per degree of latitude, 111.32 cos(lat) of longitude).
fn circle(lat: f64, lon: f64, km: f64) -> impl Iterator<Item = (f64, f64)> {
    (0..72).map(move |i| {
        let a = f64::from(i) * std::f64::consts::TAU / 72.0;
        (
            lat + km * a.sin() / 110.57,
            lon + km * a.cos() / (111.32 * lat.to_radians().cos()),
        )
    })
}

#[test]
fn islands_and_cities_of_the_mainland_are_inside() {
    let wrong: Vec<_> = INSIDE
        .iter()
        .filter(|(_, lat, lon)| !in_mainland_china(*lat, *lon))
        .map(|p| p.0)
        .collect();
    assert!(wrong.is_empty(), "outside, but mainland: {wrong:?}");
}

#[test]
fn hong_kong_macau_kinmen_matsu_taiwan_and_neighbours_are_outside() {
    let wrong: Vec<_> = OUTSIDE
        .iter()
        .filter(|(_, lat, lon)| in_mainland_china(*lat, *lon))
        .map(|p| p.0)
        .collect();
    assert!(wrong.is_empty(), "inside, but not mainland: {wrong:?}");
}

/// Each crossing's point is inside, everything within 90% of its stated distance is inside,
/// and some point 0.6 km beyond that distance is outside: the line is where it is stated.
#[test]
fn border_crossings_lie_on_the_china_side_at_the_stated_distance() {
    for c in CROSSINGS {
        let (lat, lon) = c.point;
        assert!(
            in_mainland_china(lat, lon),
            "{} ({}) is outside",
            c.name,
            c.what
        );
        for (p_lat, p_lon) in circle(lat, lon, c.km * 0.9) {
            assert!(
                in_mainland_china(p_lat, p_lon),
                "{}: ({p_lat}, {p_lon}) within {} km is outside",
                c.name,
                c.km
            );
        }
        assert!(
            circle(lat, lon, c.km + 0.6).any(|(p_lat, p_lon)| !in_mainland_china(p_lat, p_lon)),
            "{}: the line is farther than {} km",
            c.name,
            c.km + 0.6
        );
    }
    // Within about a kilometre, as promised, where the point is 1 km short of the line or the
    // town is on it; the city centres farther off are stated as they are.
    let near = CROSSINGS.iter().filter(|c| c.km <= 1.0).count();
    assert!(near >= 10, "{near}");
}
