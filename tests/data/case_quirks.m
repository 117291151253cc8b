function mpc = case_quirks
%CASE_QUIRKS  A small MATPOWER case with what real files contain: bus numbers that are
%   neither consecutive nor sorted, an isolated bus (BUS_TYPE 4) with a generator and a
%   branch, an out-of-service generator and branch, parallel branches, transformers with
%   taps and phase shifts, bus shunts of both signs, a reference angle of 5 degrees,
%   unrated branches, a radial bus, rows on one line, commas and continuations.

%% MATPOWER Case Format : Version 2
mpc.version = '2';

%% system MVA base
mpc.baseMVA = 100;

%% bus data
%	bus_i	type	Pd	Qd	Gs	Bs	area	Vm	Va	baseKV	zone	Vmax	Vmin
mpc.bus = [
	10	3	0	0	0	0	1	1	5	345	1	1.1	0.9;
	20	2	60	10	0	0	1	1	0	345	1	1.1	0.9;
	35	1	90	30	4.5	0	1	1	0	345	1	1.1	0.9; 40 4 10 0 0 0 1 1 0 345 1 1.1 0.9
	51	1	100	35	0	0	1	1	0	345	1	1.1	0.9;
	7	2	25	5	-2	0	1	1	0	345	1	1.1	0.9;
	99	1	40	0	0	0	1	1	0	345	1	1.1	0.9;
];

%% generator data
%	bus	Pg	Qg	Qmax	Qmin	Vg	mBase	status	Pmax	Pmin
mpc.gen = [
	10	100	0	300	-300	1	100	1	250	10;
	20	120	0	300	-300	1	100	1	300	10;
	7	50	0	300	-300	1	100	0	270	10;	% out of service
	40	30	0	300	-300	1	100	1	100	0;	% at the isolated bus
	7,	20,	0,	300,	-300,	1,	100,	1,	100,	0;
];

%% branch data
%	fbus	tbus	r	x	b	rateA	rateB	rateC	ratio	angle	status	angmin	angmax
mpc.branch = [
	10	20	0	0.0576	0	250	250	250	0	0	1	-360	360;
	20	35	0.017	0.092	0.158	150	250	250	0	0	1	-360	360;
	35	51	0.039	0.17	0.358	80	150	150	0.97	0	1	-360	360;
	10	51	0	0.0586	0	100	300	300	1.025	-3	1	-360	360;
	51	7	0.0119	0.1008 ...
		0.209	60	150	150	0	0	1	-360	360;
	7	20	0.0085	0.072	0.149	0	250	250	0	2.5	1	-360	360;
	35	40	0	0.0625	0	250	250	250	0	0	1	-360	360;	% to the isolated bus
	20	99	0.032	0.161	0.306	250	250	250	0	0	1	-360	360;
	7	35	0.01	0.085	0.176	250	250	250	0	0	0	-360	360;	% out of service
	20	35	0.02	0.1	0	50	0	0	0	0	1	-360	360;
];

%% generator cost data
mpc.gencost = [
	2	0	0	3	0.11	5	150;
	2	0	0	3	0.085	1.2	600;
	2	0	0	3	0.1225	1	335;
	2	0	0	3	0.1225	1	335;
	2	0	0	3	0.1225	1	335;
];

mpc.bus_name = {
	'Ten';
	'Twenty % not a comment ]';
	'Thirty-five';
	'Forty';
	'Fifty-one';
	'Seven';
	'Ninety-nine';
};
