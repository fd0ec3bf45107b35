"""Names, places and phone numbers of the demo people: what a Pandeglang or
Dumai register would hold, by generation."""

import random

MALE_OLD = (
    "Abdul Ahmad Amin Asep Atang Dadang Dadan Didi Eman Endang Engkos Enjang Iding Juhana Karta Maman Mamat Nana "
    "Odang Oman Oyo Rohmat Sanusi Sarip Sukarya Sumarna Tatang Ujang Unang Usep Wiharja Yayat Suparman Sarmin "
    "Slamet Sukardi Karsim Rukmana Jaenudin Suhendi"
).split()
MALE_OLD_2 = "Sobari Sutisna Suryana Kusnadi Rohman Hidayat Supriatna Sumpena Wiranata Sudrajat Sahroni".split()
MALE_MID = (
    "Agus Ade Aep Andi Asep Budi Cecep Dede Deden Dedi Dian Encep Hendra Heri Iwan Iman Jajang Komar Rudi Ridwan "
    "Rahmat Ruslan Saepudin Solihin Wawan Yayan Yusuf Hadi Wahyu Eko Joko Bambang Teguh Dani Irfan Yogi Rian Adi "
    "Ahmad Muhammad Rizal Hasan Ujang Uus"
).split()
MALE_MID_2 = (
    "Suryana Hidayat Setiawan Kurniawan Hermawan Gunawan Firmansyah Mulyana Permana Sopian Saepulloh Ruhiyat "
    "Nugraha Saputra Santoso Prasetyo Maulana Sudrajat Rusmana Hidayatullah"
).split()
MALE_NEW = (
    "Muhammad Rizki Fajar Dimas Raka Arya Bima Alif Fadli Farhan Ilham Reza Raffi Azka Arkan Zidan Naufal Gibran "
    "Daffa Fathir Abizar Rafa Galih Aldi Ikhsan Rehan Akbar Fikri Hafiz Yusuf Ahmad Kenzie Rafka"
).split()
MALE_NEW_2 = (
    "Ramadhan Pratama Saputra Maulana Alfarizi Firdaus Akbar Nugraha Permana Syahputra Hidayat Ardiansyah "
    "Kurniawan Rizki Fauzan Setiawan Al-Fatih Hakim"
).split()
FEMALE_OLD = (
    "Enah Icih Ijah Emah Onah Uyum Ooh Eem Iyoh Eti Entin Imas Iis Euis Aminah Fatimah Maryam Siti Nining Yati "
    "Tati Cucu Enok Oneng Popon Mimin Titin Juju Dedeh Esih Sumiati Sukaesih Kokom Edah Ocoh Warsih"
).split()
FEMALE_OLD_2 = "Aminah Rohaeti Komariah Maryati Sumarni Halimah Hasanah Sukaesih Juariah Rukmini Saodah".split()
FEMALE_MID = (
    "Ai Ani Dewi Eli Elis Eneng Euis Ika Iis Imas Irma Lilis Lina Neneng Nia Nur Nurul Ratna Rina Rini Sri Siti "
    "Tuti Wati Yuyun Yuli Yanti Nita Rika Desi Evi Susi Lia Nenden Reni Heni Wulan Eka Fitri Yeni"
).split()
FEMALE_MID_2 = (
    "Rahmawati Nurhasanah Sumarni Kurniasih Suryani Maryati Hartini Sulastri Marlina Rohaeti Komariah Mulyani "
    "Lestari Handayani Fitriani Herawati Susanti Yuliani Nurjanah Halimah Nuraeni Sopiah Rosita Anggraeni"
).split()
FEMALE_NEW = (
    "Siti Putri Aisyah Nayla Zahra Salsabila Nabila Aulia Khanza Alya Azzahra Shafa Kirana Anisa Dinda Rara "
    "Syifa Naura Keisha Fitri Nadia Intan Adinda Zaskia Citra Dewi Sri Ayu Tiara Najwa Hana"
).split()
FEMALE_NEW_2 = (
    "Rahmadani Ramadhani Azzahra Putri Nuraini Maharani Febriani Oktaviani Lestari Khairunnisa Aprilia Safitri "
    "Amelia Nurhaliza Aulia Zahira Wulandari Anggraini Salsabila"
).split()
# First names that are never used alone.
NEEDS_SECOND = {"Muhammad", "Ahmad", "Abdul", "Siti", "Nur", "Nurul", "Putri", "Dewi", "Sri"}
NAMES = {  # (sex, era): (first names, second words, chance of a second word)
    ("L", 0): (MALE_OLD, MALE_OLD_2, 0.2),
    ("L", 1): (MALE_MID, MALE_MID_2, 0.45),
    ("L", 2): (MALE_NEW, MALE_NEW_2, 0.7),
    ("P", 0): (FEMALE_OLD, FEMALE_OLD_2, 0.2),
    ("P", 1): (FEMALE_MID, FEMALE_MID_2, 0.45),
    ("P", 2): (FEMALE_NEW, FEMALE_NEW_2, 0.7),
}
KAMPUNG = (
    "Cibeureum Cikoneng Cimanggu Cisereh Cilaja Cipanas Cikaret Sukamanah Sukamaju Sukasari Sindangsari "
    "Sindanglaya Pasirkadu Pasirpeuteuy Babakan Kadubungbang Kadupandak Karangsari Karangtanjung Pamarayan "
    "Nangela Cigondang Cijaku Bojong Ciherang Parungsari Mekarjaya Margasari Tegalsari Cibodas Kaduhejo "
    "Kadumerak Cinangka Gunungsari Lebakwangi Pasanggrahan Pabuaran Kebonkopi Cikadu Jayamekar"
).split()
PHONE_PREFIXES = (
    "0811 0812 0813 0821 0822 0823 0852 0853 0815 0856 0857 0858 0817 0818 0819 0877 0878 0831 0838 0895 0896 "
    "0897 0898 0881 0882"
).split()
STREETS = [
    "Jl. Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Merdeka",
    "Jl. Pahlawan",
    "Jl. Kartini",
    "Jl. Cempaka",
    "Jl. Melati",
    "Jl. Kenanga",
    "Jl. Sultan Syarif Kasim",
    "Gg. Mawar",
    "Gg. Amal",
    "Gg. Damai",
    "Gg. Sepakat",
    "Gg. Masjid",
    "Gg. Swadaya",
]



def name(rng: random.Random, sex: str, born: int) -> str:
    era = 0 if born < 1975 else 1 if born < 2000 else 2
    firsts, seconds, chance = NAMES[(sex, era)]
    first = firsts[rng.randrange(len(firsts))]
    if first in NEEDS_SECOND or rng.random() < chance:
        second = seconds[rng.randrange(len(seconds))]
        if second != first:
            return f"{first} {second}"
    return first



def address(rng: random.Random, place: str) -> str:
    if place.startswith(("Jl.", "Gg.")):
        return f"{place} No. {rng.randint(1, 120)}"
    return f"Kp. {place}"


def phone(rng: random.Random) -> str:
    prefix = PHONE_PREFIXES[rng.randrange(len(PHONE_PREFIXES))]
    return f"{prefix}-{rng.randrange(10**4):04d}-{rng.randrange(10**4):04d}"

