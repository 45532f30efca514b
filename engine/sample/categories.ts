/**
 * The retail catalog's categories: what their products are called, who makes them, what they cost
 * (a log-normal around a median), and the free attributes they carry.
 */
export interface CategorySpec {
  name: string;
  /** Relative share of the catalog and of shoppers' interest. */
  weight: number;
  brands: readonly string[];
  /** Product types of the category ("Rain Jacket", "Down Jacket"...). */
  nouns: readonly string[];
  /** Median price in dollars, and the log-normal spread around it. */
  medianPrice: number;
  priceSigma: number;
  colors: readonly string[];
  materials: readonly string[];
}

const APPAREL_COLORS = ['Black', 'White', 'Navy', 'Slate Gray', 'Forest Green', 'Crimson', 'Ocean Blue', 'Sand', 'Coral', 'Olive'];
const GEAR_COLORS = ['Black', 'Graphite', 'Orange', 'Olive', 'Navy', 'Red', 'Teal'];
const HOME_COLORS = ['Ivory', 'Charcoal', 'Terracotta', 'Sage', 'Oak', 'Walnut', 'Sand', 'Dusty Rose', 'Slate'];
const TECH_COLORS = ['Black', 'White', 'Silver', 'Midnight Blue', 'Rose Gold', 'Space Gray'];

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Running Shoes',
    weight: 9,
    brands: ['Aerolite', 'Stridewell', 'Pacera', 'Velox', 'Northpeak'],
    nouns: ['Running Shoes', 'Road Runners', 'Racing Flats', 'Daily Trainers'],
    medianPrice: 125,
    priceSigma: 0.3,
    colors: APPAREL_COLORS,
    materials: ['Engineered Mesh', 'Knit', 'Recycled Polyester', 'Synthetic'],
  },
  {
    name: 'Trail Shoes',
    weight: 5,
    brands: ['Ridgeline', 'Talus', 'Northpeak', 'Scree'],
    nouns: ['Trail Shoes', 'Trail Runners', 'Hiking Shoes', 'Approach Shoes'],
    medianPrice: 140,
    priceSigma: 0.28,
    colors: GEAR_COLORS,
    materials: ['Ripstop Mesh', 'Suede', 'Gore-Tex', 'Synthetic'],
  },
  {
    name: 'Jackets',
    weight: 7,
    brands: ['Northpeak', 'Harbor & Pine', 'Cirrus', 'Glacierline'],
    nouns: ['Rain Jacket', 'Down Jacket', 'Softshell Jacket', 'Windbreaker', 'Insulated Parka'],
    medianPrice: 165,
    priceSigma: 0.45,
    colors: APPAREL_COLORS,
    materials: ['Nylon', 'Recycled Polyester', 'Goose Down', 'Gore-Tex', 'Fleece'],
  },
  {
    name: 'Activewear',
    weight: 8,
    brands: ['Pacera', 'Kinetiq', 'Lumen Athletics', 'Velox'],
    nouns: ['Running Tee', 'Training Shorts', 'Leggings', 'Half-Zip Top', 'Sports Bra', 'Track Jacket'],
    medianPrice: 45,
    priceSigma: 0.4,
    colors: APPAREL_COLORS,
    materials: ['Recycled Polyester', 'Merino Wool', 'Nylon Blend', 'Organic Cotton'],
  },
  {
    name: 'Yoga',
    weight: 4,
    brands: ['Lotusform', 'Satya', 'Breathe Studio'],
    nouns: ['Yoga Mat', 'Yoga Block', 'Yoga Strap', 'Yoga Leggings', 'Mat Bag'],
    medianPrice: 40,
    priceSigma: 0.55,
    colors: ['Lavender', 'Sage', 'Black', 'Ocean Blue', 'Blush', 'Charcoal'],
    materials: ['Natural Rubber', 'Cork', 'TPE', 'Organic Cotton', 'Recycled Polyester'],
  },
  {
    name: 'Outdoor Gear',
    weight: 6,
    brands: ['Northpeak', 'Trailhead Co.', 'Basecamp', 'Ridgeline'],
    nouns: ['Daypack', 'Backpacking Tent', 'Sleeping Bag', 'Headlamp', 'Trekking Poles', 'Water Bottle'],
    medianPrice: 90,
    priceSigma: 0.8,
    colors: GEAR_COLORS,
    materials: ['Ripstop Nylon', 'Aluminum', 'Carbon Fiber', 'Stainless Steel', 'Polyester'],
  },
  {
    name: 'Cycling',
    weight: 3,
    brands: ['Cadence', 'Velocita', 'Spokeworks'],
    nouns: ['Road Helmet', 'Bike Lights', 'Cycling Gloves', 'Saddle Bag', 'Cycling Jersey'],
    medianPrice: 75,
    priceSigma: 0.7,
    colors: GEAR_COLORS,
    materials: ['Polycarbonate', 'Aluminum', 'Lycra', 'Leather'],
  },
  {
    name: 'Fitness Equipment',
    weight: 3,
    brands: ['Ironclad', 'Kinetiq', 'CoreForm'],
    nouns: ['Dumbbell Set', 'Kettlebell', 'Resistance Bands', 'Foam Roller', 'Jump Rope', 'Pull-Up Bar'],
    medianPrice: 55,
    priceSigma: 0.85,
    colors: ['Black', 'Graphite', 'Red', 'Blue', 'Neon Green'],
    materials: ['Cast Iron', 'Steel', 'Neoprene', 'EVA Foam', 'Latex'],
  },
  {
    name: 'Watches',
    weight: 4,
    brands: ['Chronis', 'Meridian', 'Tempo', 'Kestrel'],
    nouns: ['Sport Watch', 'GPS Watch', 'Smartwatch', 'Field Watch', 'Dive Watch'],
    medianPrice: 230,
    priceSigma: 0.6,
    colors: TECH_COLORS,
    materials: ['Stainless Steel', 'Titanium', 'Silicone', 'Leather', 'Ceramic'],
  },
  {
    name: 'Headphones',
    weight: 5,
    brands: ['Sonique', 'Auralis', 'Beatline', 'Quietude'],
    nouns: ['Wireless Earbuds', 'Over-Ear Headphones', 'Sport Earbuds', 'Noise-Cancelling Headphones'],
    medianPrice: 150,
    priceSigma: 0.6,
    colors: TECH_COLORS,
    materials: ['Aluminum', 'Plastic', 'Protein Leather', 'Silicone'],
  },
  {
    name: 'Smart Home',
    weight: 3,
    brands: ['Hearthly', 'Lumo', 'Nestwise'],
    nouns: ['Smart Speaker', 'Smart Plug', 'Video Doorbell', 'Smart Bulb Kit', 'Smart Thermostat'],
    medianPrice: 85,
    priceSigma: 0.7,
    colors: TECH_COLORS,
    materials: ['Plastic', 'Aluminum', 'Fabric', 'Glass'],
  },
  {
    name: 'Home Decor',
    weight: 5,
    brands: ['Hearth & Linen', 'Casa Verde', 'Oak Hollow', 'Maison Claire'],
    nouns: ['Throw Pillow', 'Table Lamp', 'Wall Art', 'Ceramic Vase', 'Scented Candle', 'Throw Blanket'],
    medianPrice: 45,
    priceSigma: 0.7,
    colors: HOME_COLORS,
    materials: ['Linen', 'Ceramic', 'Wool', 'Soy Wax', 'Rattan', 'Cotton'],
  },
  {
    name: 'Kitchen',
    weight: 6,
    brands: ['Copperleaf', 'Maison Claire', 'Forge & Fire', 'Brewhaus'],
    nouns: ["Chef's Knife", 'Cast Iron Skillet', 'Coffee Grinder', 'Pour-Over Kettle', 'Mixing Bowl Set', 'Cutting Board'],
    medianPrice: 50,
    priceSigma: 0.8,
    colors: HOME_COLORS,
    materials: ['Stainless Steel', 'Cast Iron', 'Acacia Wood', 'Enameled Steel', 'Borosilicate Glass'],
  },
  {
    name: 'Bedding',
    weight: 3,
    brands: ['Hearth & Linen', 'Dreamloft', 'Slumberline'],
    nouns: ['Duvet Cover', 'Sheet Set', 'Down Pillow', 'Weighted Blanket', 'Mattress Topper'],
    medianPrice: 95,
    priceSigma: 0.5,
    colors: HOME_COLORS,
    materials: ['Percale Cotton', 'Sateen', 'Linen', 'Bamboo Lyocell', 'Memory Foam'],
  },
  {
    name: 'Skincare',
    weight: 6,
    brands: ['Dermalune', 'Verdant Skin', 'Pure Ritual', 'Aveline'],
    nouns: ['Face Serum', 'Daily Moisturizer', 'Gentle Cleanser', 'Mineral Sunscreen SPF 50', 'Eye Cream', 'Night Cream'],
    medianPrice: 28,
    priceSigma: 0.5,
    colors: ['Clear', 'White', 'Amber', 'Green'],
    materials: ['Glass Bottle', 'Recycled Plastic', 'Aluminum Tube', 'Refill Pouch'],
  },
  {
    name: 'Fragrance',
    weight: 3,
    brands: ['Maison Claire', 'Aveline', 'Noir Atelier'],
    nouns: ['Eau de Parfum', 'Eau de Toilette', 'Body Mist', 'Solid Perfume'],
    medianPrice: 75,
    priceSigma: 0.4,
    colors: ['Clear', 'Amber', 'Rose', 'Smoke'],
    materials: ['Glass Bottle', 'Travel Spray', 'Tin'],
  },
  {
    name: 'Bags & Luggage',
    weight: 4,
    brands: ['Harbor & Pine', 'Voyant', 'Carryall Co.'],
    nouns: ['Carry-On Suitcase', 'Duffel Bag', 'Laptop Backpack', 'Tote Bag', 'Crossbody Bag'],
    medianPrice: 110,
    priceSigma: 0.6,
    colors: ['Black', 'Tan', 'Navy', 'Olive', 'Burgundy', 'Gray'],
    materials: ['Ballistic Nylon', 'Full-Grain Leather', 'Waxed Canvas', 'Polycarbonate'],
  },
  {
    name: 'Sunglasses',
    weight: 3,
    brands: ['Solstice', 'Kestrel', 'Velox'],
    nouns: ['Sport Sunglasses', 'Aviators', 'Polarized Sunglasses', 'Round Sunglasses'],
    medianPrice: 95,
    priceSigma: 0.5,
    colors: ['Black', 'Tortoise', 'Gold', 'Crystal', 'Matte Gray'],
    materials: ['Acetate', 'Titanium', 'Nylon', 'Stainless Steel'],
  },
  {
    name: 'Kids',
    weight: 3,
    brands: ['Little Trail', 'Pacera', 'Sprout'],
    nouns: ["Kids' Sneakers", "Kids' Rain Jacket", "Kids' Backpack", "Kids' Hoodie"],
    medianPrice: 35,
    priceSigma: 0.5,
    colors: ['Sky Blue', 'Sunshine Yellow', 'Red', 'Pink', 'Green', 'Navy'],
    materials: ['Organic Cotton', 'Recycled Polyester', 'Nylon', 'Mesh'],
  },
  {
    name: 'Pet Supplies',
    weight: 3,
    brands: ['Good Boy Gear', 'Whisker & Co.', 'Trailhound'],
    nouns: ['Dog Leash', 'Pet Bed', 'Cat Tree', 'Dog Harness', 'Travel Water Bowl'],
    medianPrice: 28,
    priceSigma: 0.7,
    colors: ['Red', 'Navy', 'Forest Green', 'Gray', 'Orange'],
    materials: ['Nylon', 'Sherpa Fleece', 'Sisal', 'Silicone', 'Canvas'],
  },
];

/** Model lines shared across brands ("Aerolite Nimbus Running Shoes"). */
export const MODEL_NAMES: readonly string[] = [
  'Nimbus', 'Summit', 'Vela', 'Apex', 'Zephyr', 'Orbit', 'Cascade', 'Terra', 'Nova', 'Pulse',
  'Horizon', 'Drift', 'Ember', 'Halo', 'Atlas', 'Luma', 'Sierra', 'Tidal', 'Aspen', 'Cove',
  'Flux', 'Vista', 'Strata', 'Arc', 'Solace', 'Meadow', 'Granite', 'Boreal', 'Quill', 'Kite',
];

/** Suffixes of product lines ("... Running Shoes Pro"). */
export const NAME_SUFFIXES: readonly string[] = ['Pro', 'Lite', 'Max', 'Elite', 'Plus', '2', '3', 'Evo', 'X', 'Ultra', 'Classic', 'Sport', 'Essential'];
