# The command line's own words (crates/cli): the last line of `atlas oci validate`.

cli-unknown-document = unknown document
cli-oci-summary = { $name }: { $kind }: { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }, { $infos ->
        [one] { $infos } info
       *[other] { $infos } infos
    }
