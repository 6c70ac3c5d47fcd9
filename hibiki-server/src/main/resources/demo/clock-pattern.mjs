// The clock pattern of send.html?source=clock: a sender's Date.now() drawn into every video frame as big black and
// white blocks that survive H.264 at 500 kbit/s and any scaling that keeps the 16:9 picture, read back from a
// playing <video> by hls.html to measure glass-to-glass delay (both pages on one machine share Date.now()).
//
// Layout, in fractions of the picture: a band of 16 x 4 cells across the top 4/9 (40x40 px at 640x360). The 64
// cells, row by row, hold: guard 1010, the 44-bit millisecond time (least significant bit first), a 12-bit
// checksum, guard 0101 (white = 1). A reader takes the mean luma of the middle of each cell and the threshold
// halfway between the guards' white and black, so the picture may be darker, brighter or blurred.

const COLUMNS = 16;
const ROWS = 4;
const BAND = 4 / 9; // the band's height as a fraction of the picture's
const TIME_BITS = 44;
const CHECK_BITS = 12;
const START = [1, 0, 1, 0];
const STOP = [0, 1, 0, 1];
/** Below this luma difference between the guards' white and black there is no pattern (another video). */
const MIN_CONTRAST = 60;

/** 12 bits from the four 11-bit parts of the time: catches a misread cell or a frame caught mid-change. */
function checksum(ms) {
  let sum = 0x5a5;
  let rest = ms;
  for (let i = 0; i < 4; i++) {
    const part = rest % 2048;
    rest = Math.floor(rest / 2048);
    sum = (sum * 3 + part) % 4096;
  }
  return sum;
}

function bitsOf(value, count) {
  const bits = [];
  let rest = value;
  for (let i = 0; i < count; i++) {
    bits.push(rest % 2);
    rest = Math.floor(rest / 2);
  }
  return bits;
}

function valueOf(bits) {
  let v = 0;
  for (let i = bits.length - 1; i >= 0; i--) v = v * 2 + bits[i];
  return v;
}

/** Draws the pattern for {@code ms} (a Date.now() value) and the same time as text below it. */
export function drawClock(g, width, height, ms) {
  g.fillStyle = '#404040';
  g.fillRect(0, 0, width, height);
  const cells = [...START, ...bitsOf(ms, TIME_BITS), ...bitsOf(checksum(ms), CHECK_BITS), ...STOP];
  const w = width / COLUMNS;
  const h = (height * BAND) / ROWS;
  cells.forEach((bit, i) => {
    g.fillStyle = bit ? '#fff' : '#000';
    g.fillRect(Math.floor((i % COLUMNS) * w), Math.floor(Math.floor(i / COLUMNS) * h), Math.ceil(w), Math.ceil(h));
  });
  g.fillStyle = '#fff';
  g.font = `${Math.round(height / 8)}px monospace`;
  g.textBaseline = 'middle';
  g.fillText(new Date(ms).toISOString().slice(11, 23), width / 20, height * 0.6);
  g.fillText(String(ms), width / 20, height * 0.8);
}

/**
 * The time the pattern in this picture shows, or null when there is none or it does not read cleanly (no contrast
 * between the guards, a guard or the checksum wrong).
 *
 * @param image an ImageData of the whole picture
 */
export function readClock(image) {
  const { width, height, data } = image;
  const w = width / COLUMNS;
  const h = (height * BAND) / ROWS;
  const lumas = [];
  for (let i = 0; i < COLUMNS * ROWS; i++) {
    // the middle half of the cell, away from edges the encoder and the scalers blur
    const x0 = Math.floor((i % COLUMNS) * w + w / 4);
    const y0 = Math.floor(Math.floor(i / COLUMNS) * h + h / 4);
    const x1 = Math.max(x0 + 1, Math.floor(x0 + w / 2));
    const y1 = Math.max(y0 + 1, Math.floor(y0 + h / 2));
    let sum = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const p = (y * width + x) * 4;
        sum += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      }
    }
    lumas.push(sum / ((x1 - x0) * (y1 - y0)));
  }
  const guards = [...START, ...STOP];
  const guardLumas = [...lumas.slice(0, 4), ...lumas.slice(-4)];
  const mean = (bit) => {
    const v = guardLumas.filter((_, i) => guards[i] === bit);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const white = mean(1);
  const black = mean(0);
  if (white - black < MIN_CONTRAST) return null;
  const bits = lumas.map((l) => (l > (white + black) / 2 ? 1 : 0));
  if (guards.some((bit, i) => bits[i < 4 ? i : bits.length - 8 + i] !== bit)) return null;
  const ms = valueOf(bits.slice(4, 4 + TIME_BITS));
  if (valueOf(bits.slice(4 + TIME_BITS, 4 + TIME_BITS + CHECK_BITS)) !== checksum(ms)) return null;
  return ms;
}
