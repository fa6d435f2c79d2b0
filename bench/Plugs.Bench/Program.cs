using Plugs.Bench;

// bench/run.sh drives these; each verb documents its own arguments.
return args switch
{
    ["seed", .. var rest] => await Seeder.RunAsync(Options.Parse(rest)),
    ["seed-network", .. var rest] => await NetworkSeeder.RunAsync(Options.Parse(rest)),
    ["baseline", .. var rest] => await Baseline.RunAsync(Options.Parse(rest)),
    ["load", .. var rest] => await LoadGenerator.RunAsync(Options.Parse(rest)),
    ["compare", .. var rest] => await LoadGenerator.CompareAsync(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Plugs.Bench seed|seed-network|baseline|load|compare --key value ...  (see bench/README.md)");
    return 2;
}
