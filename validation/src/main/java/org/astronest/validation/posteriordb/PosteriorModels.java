package org.astronest.validation.posteriordb;

import java.util.List;

/** The nine posteriordb entries of the shared data, by name. */
public final class PosteriorModels {

    /** The entry names (index.json order). */
    public static final List<String> NAMES = List.of("arK-arK", "diamonds-diamonds", "earnings-earn_height",
            "eight_schools-eight_schools_centered", "eight_schools-eight_schools_noncentered",
            "kilpisjarvi_mod-kilpisjarvi", "low_dim_gauss_mix-low_dim_gauss_mix", "mesquite-logmesquite_logvas",
            "sblrc-blr");

    private PosteriorModels() {
    }

    /** The model of a folder; an IllegalArgumentException naming the entry when there is none. */
    public static PosteriorModel create(PosteriorFolder f) {
        return switch (f.name()) {
            case "arK-arK" -> new ArKModel(f);
            case "diamonds-diamonds" -> new DiamondsModel(f);
            case "earnings-earn_height" -> new EarningsModel(f);
            case "eight_schools-eight_schools_centered" -> new EightSchoolsCenteredModel(f);
            case "eight_schools-eight_schools_noncentered" -> new EightSchoolsNoncenteredModel(f);
            case "kilpisjarvi_mod-kilpisjarvi" -> new KilpisjarviModel(f);
            case "low_dim_gauss_mix-low_dim_gauss_mix" -> new LowDimGaussMixModel(f);
            case "mesquite-logmesquite_logvas" -> new MesquiteModel(f);
            case "sblrc-blr" -> new SblrcModel(f);
            default -> throw new IllegalArgumentException("no model for posterior '" + f.name() + "'; known: "
                    + String.join(", ", NAMES));
        };
    }
}
