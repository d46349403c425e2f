package io.velostream.engine.function.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * CORR, COVAR_POP, COVAR_SAMP, REGR_SLOPE, REGR_INTERCEPT and REGR_R2 from one bivariate Welford
 * state (means, sums of squared deviations and the co-moment), with PostgreSQL's results: the
 * argument order is {@code (y, x)}, a pair with a NULL is skipped, and a result that would divide
 * by a zero spread is NULL (REGR_R2 is 1 when only y is constant).
 */
final class CoMoments implements Accumulator {
    enum Output {
        CORR, COVAR_POP, COVAR_SAMP, REGR_SLOPE, REGR_INTERCEPT, REGR_R2
    }

    private final Output output;
    private long n;
    private double meanX;
    private double meanY;
    private double sxx;
    private double syy;
    private double sxy;

    CoMoments(Output output) {
        this.output = output;
    }

    @Override
    public void add(Object value) {
        throw new UnsupportedOperationException(output + " takes two arguments: use add2");
    }

    @Override
    public void add2(Object y, Object x) {
        if (y == null || x == null) {
            return;
        }
        double yv = Numbers.toDouble(y, output.name());
        double xv = Numbers.toDouble(x, output.name());
        n++;
        double dx = xv - meanX;
        double dy = yv - meanY;
        meanX += dx / n;
        meanY += dy / n;
        sxx += dx * (xv - meanX);
        syy += dy * (yv - meanY);
        sxy += dx * (yv - meanY);
    }

    @Override
    public void remove2(Object y, Object x) {
        if (y == null || x == null) {
            return;
        }
        double yv = Numbers.toDouble(y, output.name());
        double xv = Numbers.toDouble(x, output.name());
        if (--n == 0) {
            meanX = meanY = sxx = syy = sxy = 0;
            return;
        }
        // The inverse of add2: with d = deviation from the current mean, the products pair it
        // with the deviation from the mean without the pair.
        double dx = xv - meanX;
        double dy = yv - meanY;
        meanX -= dx / n;
        meanY -= dy / n;
        sxx = Math.max(0, sxx - (xv - meanX) * dx);
        syy = Math.max(0, syy - (yv - meanY) * dy);
        sxy -= (xv - meanX) * dy;
    }

    @Override
    public Object result() {
        if (n == 0) {
            return null;
        }
        return switch (output) {
            case COVAR_POP -> sxy / n;
            case COVAR_SAMP -> n < 2 ? null : (Object) (sxy / (n - 1));
            case CORR -> sxx == 0 || syy == 0 ? null : (Object) (sxy / Math.sqrt(sxx * syy));
            case REGR_SLOPE -> sxx == 0 ? null : (Object) (sxy / sxx);
            case REGR_INTERCEPT -> sxx == 0 ? null : (Object) (meanY - meanX * sxy / sxx);
            case REGR_R2 -> sxx == 0 ? null : syy == 0 ? 1.0 : (Object) (sxy * sxy / (sxx * syy));
        };
    }

    @Override
    public void merge(Accumulator other) {
        CoMoments o = (CoMoments) other;
        if (o.n == 0) {
            return;
        }
        long total = n + o.n;
        double weight = (double) n * o.n / total;
        double dx = o.meanX - meanX;
        double dy = o.meanY - meanY;
        sxx += o.sxx + dx * dx * weight;
        syy += o.syy + dy * dy * weight;
        sxy += o.sxy + dx * dy * weight;
        meanX += dx * o.n / total;
        meanY += dy * o.n / total;
        n = total;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeDouble(meanX);
        out.writeDouble(meanY);
        out.writeDouble(sxx);
        out.writeDouble(syy);
        out.writeDouble(sxy);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        n = in.readLong();
        meanX = in.readDouble();
        meanY = in.readDouble();
        sxx = in.readDouble();
        syy = in.readDouble();
        sxy = in.readDouble();
    }
}
