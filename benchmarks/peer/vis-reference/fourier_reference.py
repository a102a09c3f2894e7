# Reference planes for api/src/test/java/org/saliency4j/vis/SpectrumTest.java: Lucid's fft_image of one channel
# (lucid/optvis/param/spatial.py), evaluated with numpy's irfft2 in float64 on parameters p_i = sin(0.7 i) + 0.01 i.
# Run: python3 fourier_reference.py
import numpy as np


def rfft2d_freqs(h, w):
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[: w // 2 + 2] if w % 2 == 1 else np.fft.fftfreq(w)[: w // 2 + 1]
    return np.sqrt(fx * fx + fy * fy)


for h, w in ((5, 6), (4, 7), (8, 8)):
    freqs = rfft2d_freqs(h, w)
    fh, fw = freqs.shape
    i = np.arange(2 * fh * fw)
    p = (np.sin(0.7 * i) + 0.01 * i).reshape(2, fh, fw)
    scale = 1.0 / np.maximum(freqs, 1.0 / max(h, w)) * np.sqrt(w * h)
    spectrum = (p[0] + 1j * p[1]) * scale
    img = np.fft.irfft2(spectrum, s=(fh, 2 * (fw - 1)))[:h, :w] / 4.0
    print(f"{h}x{w}", "first", repr(img[0, 0]), "last", repr(img[-1, -1]), "sum", repr(img.sum()),
          "sumsq", repr((img ** 2).sum()))
