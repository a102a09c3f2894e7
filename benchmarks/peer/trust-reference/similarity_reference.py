# Reference values for api/src/test/java/org/saliency4j/trust/SimilarityTest.java: SSIM, HOG and Spearman of two
# analytic 32 x 32 maps (float32, as Tensors hold them) by scikit-image 0.19.3 and SciPy. Run: python3 similarity_reference.py
import numpy as np
from skimage.metrics import structural_similarity
from skimage.feature import hog
from scipy.stats import spearmanr
r = np.arange(32)[:, None]; c = np.arange(32)[None, :]
a = (np.sin(0.3 * r) + np.cos(0.2 * c) + 0.1 * r * c / 32).astype(np.float32).astype(np.float64)
b = (np.sin(0.25 * r + 1) * np.cos(0.15 * c) + 0.02 * (r - c)).astype(np.float32).astype(np.float64)
def unit(m): return (m - m.min()) / (m.max() - m.min())
ua, ub = unit(a), unit(b)
print("ssim", repr(structural_similarity(ua, ub, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0)))
ha = hog(ua, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(3, 3), block_norm='L2-Hys')
hb = hog(ub, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(3, 3), block_norm='L2-Hys')
print("hoglen", len(ha), "ha[:5]", repr(ha[:5].tolist()))
print("hogpearson", repr(np.corrcoef(ha, hb)[0, 1]))
print("spearman", repr(spearmanr(a.ravel(), b.ravel()).correlation), repr(spearmanr(np.abs(a.ravel()), np.abs(b.ravel())).correlation))
# The same definition evaluated in float64 throughout, as Similarity.hog does.
def myhog(u):
    h, w = u.shape
    gr = np.zeros_like(u); gc = np.zeros_like(u)
    gr[1:-1, :] = u[2:, :] - u[:-2, :]; gc[:, 1:-1] = u[:, 2:] - u[:, :-2]
    mag = np.hypot(gr, gc); ori = np.rad2deg(np.arctan2(gr, gc)) % 180
    cells = np.zeros((h // 8, w // 8, 9))
    for r in range(h // 8 * 8):
        for c in range(w // 8 * 8):
            cells[r // 8, c // 8, min(8, int(ori[r, c] // 20))] += mag[r, c]
    cells /= 64
    out = []
    for br in range(h // 8 - 2):
        for bc in range(w // 8 - 2):
            blk = cells[br:br + 3, bc:bc + 3, :].ravel()
            blk = blk / np.sqrt(np.sum(blk ** 2) + 1e-10); blk = np.minimum(blk, 0.2); blk = blk / np.sqrt(np.sum(blk ** 2) + 1e-10)
            out.append(blk)
    return np.concatenate(out)
ma, mb = myhog(ua), myhog(ub)
print("float64 definition vs skimage, largest feature difference", np.abs(ma - ha).max(), "float64 definition pearson", repr(np.corrcoef(ma, mb)[0, 1]), "skimage dtype", ha.dtype)
